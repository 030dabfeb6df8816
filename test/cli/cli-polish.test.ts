import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('the command line helps its user', () => {
  let dir: string;
  let store: string;
  let collections: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taxii2-cli-polish-'));
    store = join(dir, 'store.db');
    collections = join(dir, 'collections.json');
    writeFileSync(collections, JSON.stringify({ 'bad-ips': 'type:IP', domains: 'type:Domain' }));
    const list = join(dir, 'ips.txt');
    writeFileSync(list, '198.51.100.7\n');
    expect((await runCli('import', '--quiet', '--store', store, list)).code).toBe(0);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every command a --help with examples, and lists them all', async () => {
    const overview = await runCli('--help');
    expect(overview.code).toBe(0);
    const names = [...overview.out.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1]!);
    expect(names).toEqual(expect.arrayContaining(['serve', 'import', 'info', 'hash-password']));
    expect(overview.out).toMatch(/Exit codes: 0 success, 1 failure/);
    for (const name of names) {
      const help = await runCli(name, '--help');
      expect(help.code, name).toBe(0);
      expect(help.out, name).toMatch(new RegExp(`^Usage: taxii2-server ${name}`));
      expect(help.out, name).toMatch(/\nExamples:\n {2}taxii2-server /);
    }
    expect((await runCli('-h')).out).toBe(overview.out);
    expect((await runCli('--version')).out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('suggests the command or flag that was probably meant', async () => {
    const command = await runCli('improt', 'feed.txt');
    expect(command.code).toBe(2);
    expect(command.err).toContain('unknown command "improt". Did you mean `taxii2-server import`?');

    const flag = await runCli('serve', '--prot', '8080');
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/Unknown option '--prot'\. Did you mean --port\?/);
    expect(flag.err).toContain('Usage: taxii2-server serve');

    const far = await runCli('serve', '--completely-different');
    expect(far.err).not.toContain('Did you mean');
  });

  it('info prints every URL a client needs, and says when they only work on this machine', async () => {
    const info = await runCli('info', '--store', store, '--collections', collections);
    expect(info.code).toBe(0);
    const json = JSON.parse(
      (await runCli('info', '--store', store, '--collections', collections, '--json')).out,
    ) as { collections: Array<{ id: string; title: string; objects: string }> };
    expect(info.out).toContain('Discovery (TAXII 2.1):  http://127.0.0.1:9000/taxii2/');
    expect(info.out).toContain('Discovery (TAXII 2.0):  http://127.0.0.1:9000/taxii/');
    expect(info.out).toContain('API root:               http://127.0.0.1:9000/threatintel/');
    expect(info.out).toContain('Health and metrics:     http://127.0.0.1:9000/healthz');
    expect(json.collections.map((c) => c.title)).toEqual(['bad-ips', 'domains']);
    for (const c of json.collections) {
      expect(c.objects).toBe(`http://127.0.0.1:9000/threatintel/collections/${c.id}/objects/`);
      expect(info.out).toContain(c.id);
      expect(info.out).toContain(c.objects);
    }
    expect(info.out).toMatch(/only this machine reaches: give --public-base-url/);

    const published = await runCli(
      'info',
      ...['--store', store, '--collections', collections, '--versions', '2.1'],
      ...['--public-base-url', 'https://taxii.example.org', '--monitoring-port', '9100'],
    );
    expect(published.out).toContain('Discovery (TAXII 2.1):  https://taxii.example.org/taxii2/');
    expect(published.out).not.toContain('TAXII 2.0');
    expect(published.out).toContain('Health and metrics:     http://127.0.0.1:9100/healthz');
    expect(published.out).not.toContain('only this machine');
  });
});
