import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PACKAGE_ROOT } from '../../src/package-files.js';

const run = promisify(execFile);
/**
 * Installing the package compiles better-sqlite3 from source (no prebuilt binary can be
 * downloaded here), which takes minutes on a loaded machine: the test runs under CI, and
 * elsewhere when asked for.
 */
const wanted = process.env['CI'] === 'true' || process.env['TAXII2_SERVER_TEST_PACKAGE'] === '1';
// The install is one step that builds a native module; the rest of the file keeps the defaults.
const INSTALL_TIMEOUT = 20 * 60_000;

/** The checkout as a fresh clone has it: tracked files and new files not ignored. */
async function copyCheckout(to: string): Promise<void> {
  const { stdout } = await run(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: PACKAGE_ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  for (const file of stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(PACKAGE_ROOT, file))) continue;
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(PACKAGE_ROOT, file), join(to, file));
  }
  // Building needs the dev dependencies; the checkout's serve, unchanged.
  symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(to, 'node_modules'));
}

function npm(args: string[], cwd: string) {
  return run('npm', [...args, '--no-audit', '--no-fund'], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}

describe.skipIf(!wanted)('the packed tarball (CI, or TAXII2_SERVER_TEST_PACKAGE=1)', () => {
  let work: string;
  let installed: string;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'taxii2-package-'));
    const checkout = join(work, 'checkout');
    await copyCheckout(checkout);
    // prepack builds dist/ (code and docs) in the copy, as a publish from a fresh clone would.
    await npm(['pack', '--pack-destination', work], checkout);
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack wrote no tarball');

    installed = join(work, 'empty');
    mkdirSync(installed);
    await npm(['install', join(work, tarball)], installed);
  }, INSTALL_TIMEOUT);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      // npx runs the server as its child and does not pass SIGTERM on: stop the whole group.
      const exited = once(server, 'exit');
      process.kill(-server.pid!, 'SIGTERM');
      await exited;
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the built code, documents, docs and samples, and no sources or tests', () => {
    const root = join(installed, 'node_modules', 'taxii2-server');
    for (const path of [
      'bin/taxii2-server.js',
      'dist/src/cli/main.js',
      'dist/docs/manifest.json',
      'openapi/taxii-2.1.yaml',
      'samples/collections.json',
      'README.md',
    ]) {
      expect(existsSync(join(root, path)), path).toBe(true);
    }
    for (const path of ['src', 'test', 'bench', 'scripts', 'generated', 'docs/site']) {
      expect(existsSync(join(root, path)), path).toBe(false);
    }
  });

  it('runs `npx taxii2-server --help` from the folder it was installed into', async () => {
    const { stdout } = await run('npx', ['taxii2-server', '--help'], { cwd: installed });
    expect(stdout).toMatch(/Usage: taxii2-server/);
    expect(stdout).toContain('serve');
  });

  it('serves the sample data and answers a discovery request and its docs', async () => {
    server = spawn(
      'npx',
      ['taxii2-server', 'serve', '--sample', '--host', '127.0.0.1', '--port', '0'],
      {
        cwd: installed,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TAXII2_SERVER_CONFIG: '' },
      },
    );
    const url = await listeningUrl(server);

    const discovery = await fetch(`${url}/taxii2/`, {
      headers: { Accept: 'application/taxii+json;version=2.1' },
    });
    expect(discovery.status).toBe(200);
    const body = (await discovery.json()) as { api_roots: string[] };
    expect(body.api_roots).toEqual([`${url}/threatintel/`]);

    const document = await fetch(`${url}/docs/taxii-2.1.json`);
    expect(document.status).toBe(200);
    expect(((await document.json()) as { servers: Array<{ url: string }> }).servers[0]!.url).toBe(
      url,
    );
    expect(existsSync(join(installed, 'data', 'taxii2-server.db'))).toBe(true);
  });
});

/** The URL from the server's start-up line; every later line is read too, so the pipe never fills. */
function listeningUrl(child: ChildProcess): Promise<string> {
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.url && /listening/.test(entry.msg ?? '')) resolve(entry.url);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${errors}`)));
  });
}
