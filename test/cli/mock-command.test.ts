import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('taxii2-server mock on the command line', () => {
  it('is listed among the commands and explains itself', async () => {
    expect((await runCli('--help')).out).toMatch(/^ {2}mock +serve TAXII 2.1 and 2.0 from/m);
    const help = await runCli('mock', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--require-credentials/);
  });

  it('refuses a port or a log level it cannot use, before listening', async () => {
    const port = await runCli('mock', '--port', 'ninety');
    expect(port.code).toBe(2);
    expect(port.err).toMatch(/--port ninety is not a port number/);
    const level = await runCli('mock', '--log-level', 'loud');
    expect(level.code).toBe(2);
    expect(level.err).toMatch(/--log-level loud is not a level/);
  });
});
