/**
 * Feeds generated files (file-inputs.ts) to the code that reads them at start and at import:
 * every input must load, import cleanly, or be refused with the error type made for it
 * (ConfigError, ImportFileError) naming the file. Any other exception, or a message carrying a
 * stack trace, is a failure.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadCollectionsDocument } from '../../src/config/collections-document.js';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { ImportFileError } from '../../src/importers/import-file-error.js';
import { importFiles, type ImportTarget } from '../../src/importers/run-import.js';
import { fileInput, type FileTarget } from './file-inputs.js';
import { Random } from '../support/random.js';

export interface FileFuzzOptions {
  inputs: number;
  seed: number;
  /** A folder the inputs are written to. */
  dir: string;
  /** Where imports go; needed for the `import` target. */
  importTarget?: ImportTarget;
}

export interface FileFuzzReport {
  target: FileTarget;
  tried: number;
  accepted: number;
  refused: number;
  byDamage: Record<string, number>;
  failures: Array<{ how: string; name: string; problem: string; sample: string }>;
  slowestMs: number;
}

export async function runFileFuzz(
  target: FileTarget,
  options: FileFuzzOptions,
): Promise<FileFuzzReport> {
  const random = new Random(options.seed);
  const report: FileFuzzReport = {
    target,
    tried: 0,
    accepted: 0,
    refused: 0,
    byDamage: {},
    failures: [],
    slowestMs: 0,
  };

  for (let n = 0; n < options.inputs; n++) {
    const input = fileInput(target, random);
    const file = join(options.dir, `${n % 16}-${input.name}`);
    writeFileSync(file, input.bytes);
    report.tried += 1;
    report.byDamage[input.how] = (report.byDamage[input.how] ?? 0) + 1;

    const started = performance.now();
    const problem = await readOne(target, file, options);
    report.slowestMs = Math.max(report.slowestMs, performance.now() - started);
    if (problem === 'accepted') report.accepted += 1;
    else if (problem === 'refused') report.refused += 1;
    else {
      const sample = input.bytes.subarray(0, 120).toString('latin1');
      report.failures.push({ how: input.how, name: input.name, problem, sample });
    }
  }
  report.slowestMs = Math.round(report.slowestMs);
  return report;
}

/** 'accepted', 'refused', or what went wrong. */
async function readOne(
  target: FileTarget,
  file: string,
  options: FileFuzzOptions,
): Promise<string> {
  try {
    if (target === 'collections') loadCollectionsDocument(file);
    else if (target === 'config') loadConfig({ file, env: {}, flags: {} });
    else await importFiles(options.importTarget!, [file]);
    return 'accepted';
  } catch (error) {
    const expected = target === 'import' ? ImportFileError : ConfigError;
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof expected)) {
      return `${(error as Error)?.name ?? typeof error}: ${message.slice(0, 300)}`;
    }
    if (!message.includes(file))
      return `the message does not name the file: ${message.slice(0, 300)}`;
    if (/\n\s+at /.test(message)) return `the message carries a stack: ${message.slice(0, 300)}`;
    return 'refused';
  }
}
