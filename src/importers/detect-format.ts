/**
 * Which format a file is, from its content: JSON when it opens like JSON, CSV when its first
 * line is a header this importer understands (or the file is named `.csv`), a list otherwise.
 */
import { looksLikeHeader } from './csv-columns.js';
import { firstCsvRow } from './csv-reader.js';
import type { ImportFormat } from './import-types.js';

// "[" alone is not enough: a list may open with a bracketed IPv6 address or a defanged value.
const JSON_OPENING = /^\s*(\{\s*("|\})|\[\s*(\{|\[|\]|"|$))/;

/** Detects the format of a file's text; `file` only matters for its `.csv` extension. */
export function detectFormat(text: string, file: string): ImportFormat {
  if (JSON_OPENING.test(text.slice(0, 256))) return 'xsoar-json';

  const firstLine = firstContentLine(text);
  if (firstLine === null || firstLine.startsWith('#')) return 'list';
  const fields = firstCsvRow(firstLine)?.fields ?? [];
  if (looksLikeHeader(fields)) return 'csv';
  return /\.csv$/i.test(file) && fields.length >= 2 ? 'csv' : 'list';
}

function firstContentLine(text: string): string | null {
  for (let at = 0; at < text.length;) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end < 0 ? text.length : end).trim();
    if (line !== '') return line;
    if (end < 0) break;
    at = end + 1;
  }
  return null;
}
