import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { main } from '../../src/cli/main.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), env: {} });
  return { code, out, err };
}

describe('info and check-config with the security settings', () => {
  let dir: string;
  let store: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taxii2-cli-auth-'));
    store = join(dir, 'store.db');
    const list = join(dir, 'ips.txt');
    writeFileSync(list, '198.51.100.7\n');
    expect((await run('import', '--store', store, list)).code).toBe(0);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints URLs under the path prefix', async () => {
    const info = await run(
      'info',
      '--store',
      store,
      '--port',
      '8080',
      '--path-prefix',
      '/instance/execute/taxii',
      '--json',
    );
    const parsed = JSON.parse(info.out) as { discovery: string; default: string };
    expect(parsed.discovery).toBe('http://127.0.0.1:8080/instance/execute/taxii/taxii2/');
    expect(parsed.default).toBe('http://127.0.0.1:8080/instance/execute/taxii/threatintel/');
  });

  it('check-config refuses a plain-text password with exit code 3, naming the user', async () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ users: { alice: { password: 'hunter2' } } }));
    const result = await run('check-config', '--config', config);
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/users\.alice\.password: is not a scrypt or argon2 hash/);
  });

  it('check-config counts the users of a sound configuration', async () => {
    const config = join(dir, 'config-ok.json');
    writeFileSync(
      config,
      JSON.stringify({ users: { bot: { apiKeys: [`sha256:${'ab'.repeat(32)}`] } } }),
    );
    const result = await run('check-config', '--config', config);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/1 user\(s\)/);
  });
});
