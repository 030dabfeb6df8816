import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CommandIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { realData } from '../support/shared-data.js';
import { runCli } from '../support/run-cli.js';

describe('the taxii2-server command line', () => {
  let dir: string;
  let store: string;
  let collections: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxii2-cli-'));
    store = join(dir, 'store.db');
    collections = join(dir, 'collections.json');
    writeFileSync(
      collections,
      JSON.stringify({ c2: { query: 'tags:c2', description: 'C2 hosts' }, hashes: 'type:File' }),
    );
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a real list with its defaults, and re-importing it changes nothing', async () => {
    const file = realData('neo23x0-signature-base', 'c2-iocs.txt');
    const first = await runCli('import', '--store', store, '--score', '3', '--tag', 'c2', file);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/1773 added, 0 updated, 0 unchanged, 0 rejected/);

    const again = await runCli('import', '--store', store, '--score', '3', '--tag', 'c2', file);
    expect(again.out).toMatch(/0 added, 0 updated, 1773 unchanged, 0 rejected/);
  });

  it('imports a STIX bundle and counts what it does not import by STIX type', async () => {
    const file = realData('pan-unit42-iocs', 'REvil_SupplyChain_Attack_Kaseya.json');
    const bundleStore = join(dir, 'bundle.db');
    const result = await runCli('import', '--store', bundleStore, file);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/39 added, 0 updated, 0 unchanged, 7 rejected/);
    expect(result.err).toContain('not imported: 2 indicator, 4 relationship, 1 report\n');
    expect(result.err).toMatch(/:1079: indicator--8f764b01-\S+: pattern compares directory:path/);
  });

  it('reports each rejected record with its file and line', async () => {
    const file = join(dir, 'mixed.txt');
    writeFileSync(file, '198.51.100.7\nnot an indicator at all\n# comment\nexample[.]org\n');
    const result = await runCli('import', '--store', store, file);
    expect(result.out).toMatch(/2 added, 0 updated, 0 unchanged, 1 rejected/);
    expect(result.err).toContain(`${file}:2:`);
  });

  it('lists the collections with ids and how many indicators each selects', async () => {
    const result = await runCli(
      'collections',
      '--store',
      store,
      '--collections',
      collections,
      '--json',
    );
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.out) as Array<{
      title: string;
      id: string;
      indicators: number;
    }>;
    expect(listed.map((c) => [c.title, c.indicators])).toEqual([
      ['c2', 1773],
      ['hashes', 0],
    ]);
    expect(listed[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('prints the URLs a client needs, with the same collection ids', async () => {
    const listed = JSON.parse(
      (await runCli('collections', '--store', store, '--collections', collections, '--json')).out,
    ) as Array<{ id: string }>;
    const info = await runCli(
      'info',
      '--store',
      store,
      '--collections',
      collections,
      '--public-base-url',
      'https://feeds.example.org/taxii',
      '--json',
    );
    const parsed = JSON.parse(info.out) as {
      discovery: string;
      default: string;
      collections: Array<{ id: string; objects: string }>;
    };
    expect(parsed.discovery).toBe('https://feeds.example.org/taxii/taxii2/');
    expect(parsed.default).toBe('https://feeds.example.org/taxii/threatintel/');
    expect(info.code).toBe(0);
    expect(parsed.collections[0]).toEqual({
      id: listed[0]!.id,
      title: 'c2',
      objects: `https://feeds.example.org/taxii/threatintel/collections/${listed[0]!.id}/objects/`,
    });
  });

  it('counts and shows the matches of a query, with --explain the tree and the SQL', async () => {
    const result = await runCli('query', '--store', store, '--explain', 'value:*.ru and tags:c2');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/all of/);
    expect(result.out).toMatch(/SQL:/);
    expect(result.out).toMatch(/\d+ indicator\(s\) match/);
  });

  it('points at the position of a malformed query', async () => {
    const result = await runCli('query', '--store', store, 'type:IP and (score:3');
    expect(result.code).toBe(1);
    expect(result.err).toContain('expected ")" at 20');
  });

  it('checks a configuration without opening the store', async () => {
    const ok = await runCli('check-config', '--collections', collections);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/configuration OK: 2 collection/);

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ broken: 'type:IP and (' }));
    const refused = await runCli('check-config', '--collections', bad);
    expect(refused.code).toBe(3);
    expect(refused.err).toContain(`${bad}: collection "broken"`);
  });

  it('answers usage errors with exit code 2 and the command usage', async () => {
    const unknown = await runCli('serve', '--no-such-flag');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/Usage: taxii2-server serve/);
    expect((await runCli('frobnicate')).code).toBe(2);
    expect((await runCli('import', '--store', store)).err).toMatch(/name at least one FILE/);
  });

  it('prints help for every command and the version', async () => {
    for (const command of ['serve', 'import', 'info', 'collections', 'check-config', 'query']) {
      const help = await runCli(command, '--help');
      expect(help.code).toBe(0);
      expect(help.out).toMatch(new RegExp(`Usage: taxii2-server ${command}`));
      expect(help.out).toMatch(/Examples:/);
    }
    expect((await runCli('--version')).out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('commands that only read the store', () => {
  it.each(['info', 'collections'])('%s refuses a store that does not exist', async (command) => {
    let err = '';
    const io: CommandIo = { out: () => undefined, err: (t) => (err += t), env: {} };
    const code = await main([command, '--store', '/tmp/no-such-dir/typo.db'], io);
    expect(code).toBe(1);
    expect(err).toContain('there is no store at /tmp/no-such-dir/typo.db');
  });
});
