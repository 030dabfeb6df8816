import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliWith } from '../support/run-cli.js';

describe('import output', () => {
  let dir: string;
  let list: string;
  const values = 2500;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxii2-import-output-'));
    list = join(dir, 'addresses.txt');
    const lines = Array.from({ length: values }, (_, i) => `10.${i >> 8}.${i & 255}.1`);
    writeFileSync(list, `${lines.join('\n')}\nnot a value at all\n`);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports progress in plain lines off a terminal, then a summary with the rate', async () => {
    const result = await runCliWith(
      { terminal: false },
      'import',
      '--store',
      join(dir, 'a.db'),
      list,
    );
    expect(result.code).toBe(0);
    const lines = result.progress.trim().split('\n');
    expect(lines[0]).toBe(`import: reading 0 B of ${kib(list)} (0%)`);
    expect(lines).toContain(`import: reading ${kib(list)} of ${kib(list)} (100%)`);
    expect(lines).toContain(`import: writing 0 of 2,500 records (0%)`);
    expect(lines.at(-1)).toMatch(/^import: writing 2,500 of 2,500 records \(100%\)/);
    expect(result.err).toMatch(/addresses\.txt:2501: /);
    expect(result.out).toMatch(
      /^imported 1 file\(s\): 2500 added, 0 updated, 0 unchanged, 1 rejected in \d+\.\d s \([\d,]+ records\/s\)\n$/,
    );
  });

  it('draws a bar in place on a terminal and leaves the line for the summary', async () => {
    const result = await runCliWith(
      { terminal: true },
      'import',
      '--store',
      join(dir, 'b.db'),
      list,
    );
    expect(result.code).toBe(0);
    const draws = result.progress.split('\r').filter((d) => d !== '');
    expect(draws[0]).toMatch(/^\[\.+\] reading 0 B of /);
    expect(draws.at(-1)).toMatch(/^\[#+\] writing 2,500 of 2,500 records \(100%\).*\n$/);
    expect(draws.every((d) => d.replace(/\n$/, '').length === 99)).toBe(true);
  });

  it('prints nothing but rejections with --quiet', async () => {
    const result = await runCliWith(
      { terminal: true },
      'import',
      '--quiet',
      '--store',
      join(dir, 'c.db'),
      list,
    );
    expect(result.code).toBe(0);
    expect(result.progress).toBe('');
    expect(result.out).toBe('');
    expect(result.err).toMatch(/^.*addresses\.txt:2501: .*\n$/);
  });

  it('prints one JSON report with --json, rejections inside it', async () => {
    const result = await runCliWith(
      { terminal: true },
      'import',
      '--json',
      '--store',
      join(dir, 'd.db'),
      list,
    );
    expect(result.code).toBe(0);
    expect(result.progress).toBe('');
    expect(result.err).toBe('');
    const report = JSON.parse(result.out) as Record<string, unknown>;
    expect(report).toMatchObject({ files: 1, added: 2500, updated: 0, unchanged: 0, rejected: 1 });
    expect(report['rejections']).toEqual([
      expect.objectContaining({ file: list, line: 2501, reason: expect.any(String) }),
    ]);
    expect(typeof report['seconds']).toBe('number');
  });
});

function kib(file: string): string {
  const size = statSync(file).size;
  return `${(size / 1024).toFixed(1)} KiB`;
}
