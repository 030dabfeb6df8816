/**
 * Faults found at start: a store file that is corrupt or cannot be written, a collections
 * document that is missing, a certificate that will not serve. `serve` must stop with one line
 * naming the file and the fix, a non-zero exit code and no stack trace.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makeTestCertificates, type TestCertificates } from '../auth/support/test-certificates.js';
import { runCli, STACK_LINE, type CliResult, type CliRunOptions } from './support/cli-run.js';

const CONFIG_EXIT = 3;

let dir: string;
let certs: TestCertificates;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'taxii2-start-faults-'));
  certs = makeTestCertificates();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(certs.dir, { recursive: true, force: true });
});

function serve(args: readonly string[], options?: CliRunOptions): Promise<CliResult> {
  return runCli(['serve', '--host', '127.0.0.1', '--port', '0', ...args], options);
}

/** A clean refusal: the config exit code, one message naming `file` and the fix, no stack. */
function expectRefused(result: CliResult, file: string, fix: RegExp): void {
  expect(result.code, result.stderr).toBe(CONFIG_EXIT);
  expect(result.stderr).toContain(file);
  expect(result.stderr).toMatch(fix);
  expect(result.stderr).not.toMatch(STACK_LINE);
  expect(result.stdout).not.toContain('taxii2-server listening');
}

/** A real store made by the CLI, with a few indicators in it. */
async function realStore(name: string): Promise<string> {
  const store = join(dir, name);
  const list = join(dir, `${name}.txt`);
  writeFileSync(list, '198.51.100.1\n198.51.100.2\nevil.example.com\n');
  const result = await runCli(['import', '--store', store, list]);
  expect(result.code, result.stderr).toBe(0);
  return store;
}

describe('serve refuses a store it cannot use', () => {
  it('names a store file that holds text instead of a database', async () => {
    const store = join(dir, 'text.db');
    writeFileSync(store, 'this is not a database\n'.repeat(100));
    expectRefused(await serve(['--store', store]), store, /restore it from a backup/);
  });

  it('names a store whose first page was overwritten', async () => {
    const store = await realStore('overwritten.db');
    const fd = openSync(store, 'r+');
    writeSync(fd, Buffer.alloc(3000, 0xa5), 0, 3000, 100);
    closeSync(fd);
    expectRefused(await serve(['--store', store]), store, /restore it from a backup/);
  });

  it('names a store whose header was cut off', async () => {
    const store = await realStore('truncated.db');
    execFileSync('truncate', ['-s', '50', store]);
    expectRefused(await serve(['--store', store]), store, /restore it from a backup/);
  });

  it('names a store path that is a folder', async () => {
    const store = join(dir, 'a-folder.db');
    mkdirSync(store);
    expectRefused(await serve(['--store', store]), store, /folder this user may write/);
  });

  it('names a store path under a regular file', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const store = join(file, 'store.db');
    expectRefused(await serve(['--store', store]), store, /folder this user may write/);
  });

  it('names a store file this user may not write', async () => {
    const store = await realStore('read-only.db');
    rmSync(`${store}-wal`, { force: true });
    rmSync(`${store}-shm`, { force: true });
    chmodSync(store, 0o444);
    // root writes any file, so the server runs as an unprivileged user there.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      chmodSync(dir, 0o755);
      chownSync(store, 65534, 65534);
    }
    const result = await serve(['--store', store], asRoot ? { user: 'nobody' } : {});
    expectRefused(result, store, /writable by this user|folder this user may write/);
  });
});

describe('serve refuses a collections document it cannot read', () => {
  it('names a missing collections file', async () => {
    const file = join(dir, 'no-such-collections.json');
    const result = await serve(['--store', join(dir, 'c1.db'), '--collections', file]);
    expectRefused(result, file, /check the --collections path/);
  });

  it('names a collections file that is not JSON', async () => {
    const file = join(dir, 'broken-collections.json');
    writeFileSync(file, '{"bad-ips": {"query": "type:IP"');
    const result = await serve(['--store', join(dir, 'c2.db'), '--collections', file]);
    expectRefused(result, file, /fix the JSON/);
  });
});

describe('serve refuses a certificate that would not serve', () => {
  const tls = (cert: string, key: string) => [
    '--store',
    join(dir, 'tls.db'),
    '--tls-cert',
    cert,
    '--tls-key',
    key,
  ];

  it('names a certificate file that does not exist', async () => {
    const cert = join(dir, 'missing.pem');
    expectRefused(await serve(tls(cert, certs.serverKey)), cert, /PEM file/);
  });

  it('names a certificate file that is not PEM', async () => {
    const cert = join(dir, 'not-pem.pem');
    writeFileSync(cert, Buffer.from([0x30, 0x82, 0x01, 0x0a, 0xff, 0x00, 0x13]));
    expectRefused(await serve(tls(cert, certs.serverKey)), cert, /PEM file/);
  });

  it('names a key file that does not belong to the certificate', async () => {
    const result = await serve(tls(certs.serverCert, certs.secondServerKey));
    expectRefused(result, certs.secondServerKey, /private key that belongs to it/);
  });

  it('names a certificate that has expired', async () => {
    const cert = join(certs.dir, 'expired.pem');
    execFileSync(
      'openssl',
      ['x509', '-in', certs.serverCert, '-signkey', certs.serverKey, '-days', '-1', '-out', cert],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const result = await serve(tls(cert, certs.serverKey));
    expectRefused(result, cert, /expired on .*renew the certificate/);
  });
});
