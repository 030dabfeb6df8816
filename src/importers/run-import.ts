/**
 * `taxii2-server import` and the sample loader: parse files, then hand every record to the
 * store in one upsert, so a batch of files lands whole or not at all.
 */
import type { IndicatorInput } from '../indicators/indicator.js';
import type { StixRenderer } from '../stix/rendered.js';
import type { IndicatorStore } from '../store/store.js';
import type { ImportDefaults, Rejection } from './import-types.js';
import { stat } from 'node:fs/promises';

import type { ImportProgressListener } from './import-progress.js';
import { parseIndicatorFile } from './index.js';
import { mergeInto } from './record-set.js';

/** A file to import and the defaults for it; they win over the batch's defaults. */
export interface ImportSource {
  path: string;
  defaults?: ImportDefaults;
}

export interface ImportReport {
  files: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Rejections from parsing and from the store, in the order of the files, then by line. */
  rejected: number;
  rejections: Rejection[];
  /** Objects of STIX bundles that are no indicator, counted by STIX type. */
  notImported: Record<string, number>;
}

/** What an import needs of the runtime: the store's upsert and the renderers. */
export interface ImportTarget {
  store: Pick<IndicatorStore, 'upsertIndicators'>;
  renderers: readonly StixRenderer[];
}

/**
 * Parses every file, then upserts all their records in one store transaction. A value given
 * by several files is one record, merged as repeats within a file are. A file that cannot be
 * read at all throws ImportFileError before anything is written.
 */
export async function importFiles(
  target: ImportTarget,
  files: ReadonlyArray<string | ImportSource>,
  defaults: ImportDefaults = {},
  options: { onProgress?: ImportProgressListener } = {},
): Promise<ImportReport> {
  const { onProgress } = options;
  const paths = files.map((f) => (typeof f === 'string' ? f : f.path));
  // Sizes for the reading phase's total; a file that cannot be read fails in the parser.
  const sizes = onProgress ? await Promise.all(paths.map((p) => fileSize(p))) : [];
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
  let readBytes = 0;
  onProgress?.({ phase: 'read', done: 0, total: totalBytes });
  const merged = new Map<string, { indicator: IndicatorInput; file: string; line: number }>();
  const rejections: Rejection[] = [];
  const notImported: Record<string, number> = {};

  for (const [index, source] of files.entries()) {
    const { path, defaults: own } = typeof source === 'string' ? { path: source } : source;
    const parsed = await parseIndicatorFile(path, { ...defaults, ...own });
    // One by one: spreading a few hundred thousand rejections would overflow the call stack.
    for (const rejection of parsed.rejections) rejections.push(rejection);
    for (const [kind, count] of Object.entries(parsed.notImported)) {
      notImported[kind] = (notImported[kind] ?? 0) + count;
    }
    for (const { line, indicator } of parsed.records) {
      const key = `${indicator.type}\u0000${indicator.value}`;
      const kept = merged.get(key);
      if (kept) mergeInto(kept.indicator, indicator);
      else merged.set(key, { indicator, file: parsed.file, line });
    }
    readBytes += sizes[index] ?? 0;
    onProgress?.({ phase: 'read', done: readBytes, total: totalBytes, file: path });
  }

  const batch = [...merged.values()];
  const records = batch.map((b) => b.indicator);
  const total = records.length;
  onProgress?.({ phase: 'write', done: 0, total });
  const summary = await target.store.upsertIndicators(
    records,
    target.renderers,
    onProgress && ((done) => onProgress({ phase: 'write', done, total })),
  );
  for (const { index, reason } of summary.rejected) {
    const origin = batch[index];
    if (!origin) continue;
    rejections.push({ file: origin.file, line: origin.line, reason: `store: ${reason}` });
  }
  const order = new Map(files.map((f, i) => [typeof f === 'string' ? f : f.path, i]));
  rejections.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line);

  return {
    files: files.length,
    added: summary.added,
    updated: summary.updated,
    unchanged: summary.unchanged,
    rejected: rejections.length,
    rejections,
    notImported,
  };
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}
