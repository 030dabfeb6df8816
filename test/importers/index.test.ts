import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterAll, describe, expect, it } from 'vitest';

import {
  ImportFileError,
  parseIndicatorFile,
  parseIndicatorText,
} from '../../src/importers/index.js';

const dir = mkdtempSync(join(tmpdir(), 'importers-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('parseIndicatorFile', () => {
  it('refuses a binary file with a clear error', async () => {
    const path = file('blob.bin', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]));
    const problem =
      'looks binary (NUL character at offset 6); expected an XSOAR JSON export, ' +
      'a list of values or a CSV file';
    await expect(parseIndicatorFile(path)).rejects.toThrow(new ImportFileError(path, problem));
  });

  it('refuses a compressed file, naming the compression', async () => {
    const path = file('list.txt.gz', gzipSync('evil.com\n'));
    await expect(parseIndicatorFile(path)).rejects.toThrow(/is a gzip file; unpack it/);
  });

  it('refuses a missing file with its error code', async () => {
    const path = join(dir, 'missing.txt');
    const error = new ImportFileError(path, 'cannot be read (ENOENT)');
    await expect(parseIndicatorFile(path)).rejects.toThrow(error);
  });

  it('reads UTF-16 files that carry a byte-order mark', async () => {
    const text = '\uFEFFevil.com\r\nbad.example.org\r\n';
    const le = file('le.txt', Buffer.from(text, 'utf16le'));
    const be = file('be.txt', Buffer.from(text, 'utf16le').swap16());
    for (const path of [le, be]) {
      const parsed = await parseIndicatorFile(path);
      expect(parsed.records.map((r) => r.indicator.value)).toEqual(['evil.com', 'bad.example.org']);
    }
  });

  it('rejects, not crashes on, values with bytes that are not UTF-8', async () => {
    const latin1 = Buffer.from('ok.example.com\ncaf\u00e9.com\n', 'latin1');
    const path = file('latin1.txt', latin1);
    const parsed = await parseIndicatorFile(path);
    expect(parsed.records.map((r) => r.indicator.value)).toEqual(['ok.example.com']);
    expect(parsed.rejections).toMatchObject([{ line: 2, reason: expect.stringContaining('�') }]);
  });
});

describe('format detection', () => {
  it.each([
    ['{"iocs": []}', 'x', 'xsoar-json'],
    ['  [\n  {"value": "a.com"}\n]', 'x', 'xsoar-json'],
    ['[]', 'x', 'xsoar-json'],
    ['{"value": "a.com"}\n{"value": "b.com"}', 'x', 'xsoar-json'],
    ['[2001:db8::1]:443\n', 'x', 'list'],
    ['[.]evil.com\n', 'x', 'list'],
    ['value,type\na.com,Domain', 'x', 'csv'],
    ['SHA256,Type,C2\n', 'x', 'csv'],
    ['# comment, with a comma\na.com', 'x', 'list'],
    ['a.com,b\n', 'feed.csv', 'csv'],
    ['a.com,b\n', 'feed.txt', 'list'],
    ['185.178.209[.]193\tCobalt Strike C2 communication\t\n', 'x', 'list'],
    ['', 'x', 'list'],
  ])('reads %j (named %s) as %s', (text, name, format) => {
    expect(parseIndicatorText(text, name).format).toBe(format);
  });

  it('follows an explicit format over the content', () => {
    const parsed = parseIndicatorText('value,type\n', 'x.csv', { format: 'list' });
    expect(parsed.format).toBe('list');
    expect(parsed.rejections).toHaveLength(1);
  });

  it('refuses an unknown format and an out-of-range default score', () => {
    const format = () => parseIndicatorText('', 'x', { format: 'stix' as 'csv' });
    expect(format).toThrow(/unknown format "stix"/);
    const score = () => parseIndicatorText('', 'x', { score: 7 as 3 });
    expect(score).toThrow(/default score 7 is not 0 to 3/);
  });

  it('refuses JSON that is not JSON when told it is', () => {
    expect(() => parseIndicatorText('evil.com', 'x', { format: 'xsoar-json' })).toThrow(
      /x: is not JSON: it starts with neither/,
    );
  });
});

describe('large files', () => {
  it('parses a 100,000-line list into one record per line', () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const pick = i % 4;
      if (pick === 0) lines.push(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} # host ${i}`);
      else if (pick === 1) lines.push(`sub${i}.example-domain${i % 97}.com`);
      else if (pick === 2) lines.push(`hxxp://evil${i}[.]net/path/${i}.php`);
      else lines.push(i.toString(16).padStart(64, '0'));
    }
    const parsed = parseIndicatorText(lines.join('\n'), 'big.txt');

    expect(parsed.records).toHaveLength(100_000);
    expect(parsed.rejections).toEqual([]);
    expect(new Set(parsed.records.map((r) => r.indicator.type))).toEqual(
      new Set(['IP', 'Domain', 'URL', 'File']),
    );
  });
});

describe('files that are not regular files', () => {
  it('refuses a device instead of reading it forever', async () => {
    await expect(parseIndicatorFile('/dev/zero')).rejects.toThrow(/is not a regular file/);
  });

  it('refuses a folder', async () => {
    await expect(parseIndicatorFile('/tmp')).rejects.toThrow(/is not a regular file/);
  });
});
