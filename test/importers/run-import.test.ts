import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { IndicatorInput } from '../../src/indicators/indicator.js';
import { ImportFileError } from '../../src/importers/index.js';
import { importFiles, type ImportTarget } from '../../src/importers/run-import.js';
import type { WriteSummary } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'run-import-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A store that records each batch and refuses the values it is told to. */
function recordingTarget(refuse: string[] = []) {
  const batches: IndicatorInput[][] = [];
  const target: ImportTarget = {
    renderers: [],
    store: {
      async upsertIndicators(records): Promise<WriteSummary> {
        batches.push([...records]);
        const rejected = records.flatMap((r, index) =>
          refuse.includes(r.value) ? [{ index, reason: 'refused by the test store' }] : [],
        );
        return { added: records.length - rejected.length, updated: 0, unchanged: 0, rejected };
      },
    },
  };
  return { target, batches };
}

describe('importFiles', () => {
  it('orders rejections by file as given, then by line, store rejections included', async () => {
    const first = file('z-first.txt', 'refused.example.com\nbad one\n');
    const second = file('a-second.txt', 'also bad\n');
    const { target } = recordingTarget(['refused.example.com']);

    const report = await importFiles(target, [first, second]);

    expect(report.rejections.map((r) => [r.file, r.line])).toEqual([
      [first, 1],
      [first, 2],
      [second, 1],
    ]);
  });

  it('reports a file with hundreds of thousands of rejections (a fuzz input that overflowed)', async () => {
    const many = file('many-bad.txt', 'bad one\n'.repeat(200_000));
    const { target } = recordingTarget();

    const report = await importFiles(target, [many]);

    expect(report.rejected).toBe(200_000);
    expect(report.rejections.at(-1)).toMatchObject({ file: many, line: 200_000 });
  });

  it('writes every file of a batch in one upsert, merging values the files share', async () => {
    const a = file('a.txt', 'evil.com\n1.2.3.4\n');
    const b = file('b.csv', 'value,tags\nEVIL.com,apt\nbad.example.org,\n');
    const { target, batches } = recordingTarget();

    const report = await importFiles(target, [a, { path: b, defaults: { source: 'Feed B' } }], {
      score: 3,
    });

    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((r) => [r.value, r.score, r.tags, r.sourceBrands])).toEqual([
      ['evil.com', 3, ['apt'], ['Feed B']],
      ['1.2.3.4', 3, [], []],
      ['bad.example.org', 3, [], ['Feed B']],
    ]);
    expect(report).toEqual({
      files: 2,
      added: 3,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      rejections: [],
      notImported: {},
    });
  });

  it('reports parse and store rejections with file and line', async () => {
    const path = file('c.txt', 'ok.example.com\nnope\nrefused.example.com\n');
    const { target } = recordingTarget(['refused.example.com']);

    const report = await importFiles(target, [path]);

    expect(report.rejected).toBe(2);
    expect(report.rejections).toEqual([
      { file: path, line: 2, reason: expect.stringMatching(/^"nope": /) },
      { file: path, line: 3, reason: 'store: refused by the test store' },
    ]);
  });

  it('writes nothing when one file of the batch cannot be read', async () => {
    const good = file('d.txt', 'evil.com\n');
    const { target, batches } = recordingTarget();
    const run = importFiles(target, [good, join(dir, 'absent.txt')]);
    await expect(run).rejects.toBeInstanceOf(ImportFileError);
    expect(batches).toEqual([]);
  });
});
