import type { IndicatorInput } from '../indicators/indicator.js';
import type { Runtime } from '../runtime.js';
import { parseIndicatorFile, type ImportDefaults, type Rejection } from './index.js';

export interface ImportReport {
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejections: Rejection[];
}

export interface ImportSource {
  path: string;
  defaults?: ImportDefaults;
}

/**
 * Parses every file, then writes all accepted records in one store transaction. Records the
 * parser or the store refuses are reported with file, line and reason; the rest land.
 */
export async function importFiles(
  runtime: Runtime,
  files: readonly (string | ImportSource)[],
  defaults: ImportDefaults = {},
): Promise<ImportReport> {
  const records: IndicatorInput[] = [];
  const origins: Array<{ file: string; line: number }> = [];
  const rejections: Rejection[] = [];

  for (const source of files) {
    const { path, defaults: own } = typeof source === 'string' ? { path: source } : source;
    const parsed = await parseIndicatorFile(path, { ...defaults, ...own });
    rejections.push(...parsed.rejections);
    for (const record of parsed.records) {
      records.push(record.indicator);
      origins.push({ file: parsed.file, line: record.line });
    }
  }

  const summary = await runtime.store.upsertIndicators(records, runtime.renderers);
  for (const { index, reason } of summary.rejected) {
    const origin = origins[index]!;
    rejections.push({ file: origin.file, line: origin.line, reason });
  }
  rejections.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));

  const { added, updated, unchanged } = summary;
  return { added, updated, unchanged, rejected: rejections.length, rejections };
}
