import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { createLogger, scrubUrlPasswords } from '../../src/server/logger.js';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { stream, text: () => text };
}

const SECRETS = ['hunter2', 'dbpass-9', 'tk_abcdef', 'cookie-value', 'PRIVATE KEY DATA'];

function logEverySecret(logger: ReturnType<typeof createLogger>): void {
  logger.info(
    {
      req: {
        headers: {
          authorization: 'Basic dXNlcjpodW50ZXIy hunter2',
          'proxy-authorization': 'Bearer tk_abcdef',
          cookie: 'session=cookie-value',
        },
      },
      users: { alice: { password: 'hunter2', apiKeys: ['tk_abcdef'] } },
      tls: { cert: 'cert.pem', key: 'PRIVATE KEY DATA' },
      store: 'postgres://taxii:dbpass-9@db.internal:5432/feeds',
    },
    'opening postgres://taxii:dbpass-9@db.internal:5432/feeds',
  );
  logger.error({ err: new Error('cannot reach postgresql://taxii:dbpass-9@db:5432/x') }, 'failed');
}

describe('log lines', () => {
  it('are JSON with credentials redacted by field and URL passwords scrubbed from any text', () => {
    const out = sink();
    logEverySecret(createLogger('info', out.stream));
    const text = out.text();
    for (const secret of SECRETS) expect(text).not.toContain(secret);

    const [first, second] = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(first.req.headers.authorization).toBe('[redacted]');
    expect(first.users.alice).toEqual({ password: '[redacted]', apiKeys: '[redacted]' });
    expect(first.tls).toEqual({ cert: 'cert.pem', key: '[redacted]' });
    expect(first.store).toBe('postgres://taxii:[redacted]@db.internal:5432/feeds');
    expect(first.msg).toBe('opening postgres://taxii:[redacted]@db.internal:5432/feeds');
    expect(second.err.message).toBe('cannot reach postgresql://taxii:[redacted]@db:5432/x');
  });

  it('are pino-pretty lines when asked, with the same redaction', () => {
    const out = sink();
    logEverySecret(createLogger('info', out.stream, { format: 'pretty' }));
    const text = out.text();
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/INFO.*opening postgres:\/\/taxii:\[redacted\]@db\.internal/);
    expect(() => JSON.parse(lines[0]!)).toThrow();
    // Not on a terminal, so no colour codes.
    expect(text).not.toContain('\u001b[');
  });

  it('are pretty on a terminal and JSON elsewhere under auto', () => {
    const terminal = sink();
    createLogger('info', terminal.stream, { terminal: true }).info('hello');
    expect(terminal.text()).toMatch(/INFO.*hello/);
    expect(terminal.text()).toContain('\u001b[');
    const piped = sink();
    createLogger('info', piped.stream, { terminal: false }).info('hello');
    expect(JSON.parse(piped.text())).toMatchObject({ msg: 'hello', level: 30 });
  });

  it('leave URLs without a password alone', () => {
    expect(scrubUrlPasswords('"https://taxii.example.org:8443/taxii2/"')).toBe(
      '"https://taxii.example.org:8443/taxii2/"',
    );
    expect(scrubUrlPasswords('postgres://taxii@db/feeds')).toBe('postgres://taxii@db/feeds');
    expect(scrubUrlPasswords('postgres://:only-pass@db/feeds')).toBe(
      'postgres://:[redacted]@db/feeds',
    );
  });
});
