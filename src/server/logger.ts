import pino, { type DestinationStream, type Logger } from 'pino';

import type { LogLevel } from '../config/config.js';

/** JSON-lines logger; credentials are redacted wherever a request's headers are logged. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { name: 'taxii2-server' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', 'password'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
