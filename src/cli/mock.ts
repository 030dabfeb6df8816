import type { LogLevel } from '../config/config.js';
import { startMockServer } from '../mock/mock-server.js';
import { createLogger } from '../server/logger.js';
import { parseCommand, UsageError } from './args.js';
import { EXIT, type Command } from './io.js';

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

export const mockCommand: Command = {
  name: 'mock',
  summary: "serve TAXII 2.1 and 2.0 from the OpenAPI documents' examples, no store needed",
  usage: `Usage: taxii2-server mock [options]

Serves both TAXII versions at http://HOST:PORT/taxii2/ (2.1) and /taxii/ (2.0) from the
examples in the OpenAPI documents alone, until interrupted. Requests are routed and validated
as the server does it; each answer is the example the document marks for that request
(x-taxii-mock), so a client can page (2.1 next, 2.0 Range) and meet errors offline.

Options:
  --host ADDRESS             listen address (default 127.0.0.1)
  --port PORT                listen port (default 9000; 0 picks a free port)
  --require-credentials      answer 401 to requests without credentials (any are accepted)
  --log-level LEVEL          fatal, error, warn, info, debug, trace or silent

Examples:
  taxii2-server mock
  taxii2-server mock --port 9100 --require-credentials`,

  async run(argv) {
    const { values } = parseCommand(argv, {
      host: { type: 'string' },
      port: { type: 'string' },
      'require-credentials': { type: 'boolean' },
      'log-level': { type: 'string' },
    });
    const port = String(values['port'] ?? '9000');
    if (!/^\d+$/.test(port) || Number(port) > 65535) {
      throw new UsageError(`--port ${port} is not a port number`);
    }
    const level = String(values['log-level'] ?? 'info') as LogLevel;
    if (!LOG_LEVELS.includes(level)) throw new UsageError(`--log-level ${level} is not a level`);

    const logger = createLogger(level);
    const mock = await startMockServer({
      host: String(values['host'] ?? '127.0.0.1'),
      port: Number(port),
      logger,
      requireCredentials: values['require-credentials'] === true,
    });
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    logger.info('shutting down');
    await mock.close();
    return EXIT.ok;
  },
};
