/**
 * The importer: files of indicators (XSOAR JSON exports, STIX bundles, plain lists, CSV) to IndicatorInput
 * records for the store, plus a rejection for everything that could not be read.
 *
 * Output depends on the file and the defaults only: no clock is read, so importing the same
 * file twice hands the store the same records.
 */
import { readFile, stat } from 'node:fs/promises';

import { parseCsv } from './csv-format.js';
import { assertText, decodeText } from './decode-text.js';
import { detectFormat } from './detect-format.js';
import { ImportFileError } from './import-file-error.js';
import type { ImportDefaults, ImportFormat, ParsedFile } from './import-types.js';
import { parseList } from './list-format.js';
import { RecordSet } from './record-set.js';
import { parseStixBundle } from './stix-bundle-format.js';
import { typeFromHeader, xsoarTypeName } from './type-names.js';
import { parseXsoarJson } from './xsoar-json-format.js';

export type {
  ImportDefaults,
  ImportFormat,
  ParsedFile,
  ParsedRecord,
  Rejection,
} from './import-types.js';
export { detectIndicatorType } from './detect-type.js';
export { ImportFileError } from './import-file-error.js';
export { refang } from './refang.js';

const PARSERS: Record<ImportFormat, (text: string, set: RecordSet, d: ImportDefaults) => void> = {
  'xsoar-json': parseXsoarJson,
  'stix-bundle': parseStixBundle,
  list: parseList,
  csv: parseCsv,
};

/** Reads and parses a file; throws ImportFileError when the file as a whole is unreadable. */
/** The largest file one import reads: the whole file is held in memory while it is parsed. */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;

export async function parseIndicatorFile(
  path: string,
  defaults: ImportDefaults = {},
): Promise<ParsedFile> {
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ImportFileError(path, 'is not a regular file');
    if (info.size > MAX_IMPORT_BYTES) {
      throw new ImportFileError(
        path,
        `is ${info.size} bytes, over the ${MAX_IMPORT_BYTES}-byte limit of one file: split it`,
      );
    }
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new ImportFileError(path, `cannot be read (${code})`);
  }
  return parseIndicatorText(decodeText(bytes, path), path, defaults);
}

/** Parses text already read; `file` names it in rejections and tells `.csv` files apart. */
export function parseIndicatorText(
  text: string,
  file: string,
  defaults: ImportDefaults = {},
): ParsedFile {
  assertText(text, file);
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const settled = settleDefaults(defaults, file);
  const format = settled.format ?? detectFormat(body, file);

  const set = new RecordSet(file, settled);
  PARSERS[format](body, set, settled);
  return set.finish(format);
}

function settleDefaults(defaults: ImportDefaults, file: string): ImportDefaults {
  if (defaults.format !== undefined && !(defaults.format in PARSERS)) {
    throw new ImportFileError(
      file,
      `unknown format ${JSON.stringify(defaults.format)} ` +
        `(use ${Object.keys(PARSERS).join(', ')})`,
    );
  }
  if (defaults.score !== undefined && ![0, 1, 2, 3].includes(defaults.score)) {
    throw new ImportFileError(file, `default score ${String(defaults.score)} is not 0 to 3`);
  }
  const type = defaults.type?.trim() ? defaultTypeName(defaults.type) : undefined;
  return { ...defaults, type, source: defaults.source?.trim() || undefined };
}

// XSOAR's names first (`ip` → `IP`), then the short names a user types (`sha256` → `File`).
function defaultTypeName(label: string): string {
  const xsoar = xsoarTypeName(label);
  return xsoar !== label.trim() ? xsoar : (typeFromHeader(label) ?? xsoar);
}
