import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

import type { LogFormat, LogLevel } from '../config/config.js';

/**
 * Fields that hold credentials wherever they appear in a logged object: request headers, user
 * entries of a configuration, TLS keys. The values are replaced, the keys kept.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'authorization',
  'password',
  '*.password',
  '*.*.password',
  'apiKeys',
  '*.apiKeys',
  '*.*.apiKeys',
  'tls.key',
  '*.tls.key',
];

/** `scheme://user:password@` anywhere in a line: the password of a database URL, say. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@"]*):[^\s@/"]*@/gi;

/** Removes URL passwords from a formatted log line; what the redact paths cannot reach. */
export function scrubUrlPasswords(line: string): string {
  return line.replace(URL_PASSWORD, '$1:[redacted]@');
}

export interface LoggerOptions {
  /** `pretty` for people, `json` for machines; `auto` is pretty on a terminal. */
  format?: LogFormat;
  /** Whether the destination is a terminal, for `auto`; standard output's, by default. */
  terminal?: boolean;
}

/**
 * JSON-lines logger (pino), or pino-pretty's coloured lines on a terminal. Credentials are
 * redacted by field, and URL passwords in any text (messages, errors) are scrubbed from every
 * line before it is written.
 */
export function createLogger(
  level: LogLevel,
  destination?: DestinationStream,
  options: LoggerOptions = {},
): Logger {
  const terminal = options.terminal ?? (destination === undefined && process.stdout.isTTY === true);
  const format = options.format ?? 'auto';
  const prettyLines = format === 'pretty' || (format === 'auto' && terminal);
  const out: DestinationStream = destination ?? process.stdout;
  const sink = prettyLines
    ? pretty({
        destination: out,
        colorize: terminal,
        sync: true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,name',
        singleLine: true,
      })
    : out;
  return pino(
    {
      level,
      base: { name: 'taxii2-server' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    { write: (line: string) => sink.write(scrubUrlPasswords(line)) },
  );
}
