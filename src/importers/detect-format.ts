/**
 * Which format a file is, from its content: a STIX bundle when its JSON is one (or a TAXII 2.1
 * envelope, or an array of STIX objects), XSOAR JSON for other JSON, CSV when its first line is a header this importer
 * understands (or the file is named `.csv`), a list otherwise.
 */
import { looksLikeHeader } from './csv-columns.js';
import { firstCsvRow } from './csv-reader.js';
import type { ImportFormat } from './import-types.js';
import { objectMembers, skipSpace, valueEnd } from './json-spans.js';

// "[" alone is not enough: a list may open with a bracketed IPv6 address or a defanged value.
const JSON_OPENING = /^\s*(\{\s*("|\})|\[\s*(\{|\[|\]|"|$))/;

/** Detects the format of a file's text; `file` only matters for its `.csv` extension. */
export function detectFormat(text: string, file: string): ImportFormat {
  if (JSON_OPENING.test(text.slice(0, 256))) return isStix(text) ? 'stix-bundle' : 'xsoar-json';

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

const STIX_ID = /^[a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// A bundle says so in its `type`; a TAXII 2.1 envelope (what an objects endpoint answers, and
// what XSOAR's own TAXII server fixtures hold) has no type, only an `objects` array and paging
// members; a bare array is STIX when its first element is a STIX object (a `type` and a STIX
// id, and none of XSOAR's own fields).
function isStix(text: string): boolean {
  const start = skipSpace(text, 0);
  if (text[start] === '{') {
    const members = objectMembers(text, start).items;
    const type = members.find((m) => m.key === 'type');
    if (type !== undefined) return text.slice(type.start, type.end) === '"bundle"';
    const objects = members.find((m) => m.key === 'objects');
    const xsoar = members.some((m) => m.key === 'iocs' || m.key === 'data');
    return objects !== undefined && text[objects.start] === '[' && !xsoar;
  }
  const first = skipSpace(text, start + 1);
  if (text[first] !== '{') return false;
  const end = valueEnd(text, first);
  if (end < 0) return false;
  try {
    const element = JSON.parse(text.slice(first, end)) as Record<string, unknown>;
    const id = element.id;
    const xsoar = 'indicator_type' in element || 'xsoar_indicator' in element;
    return typeof element.type === 'string' && typeof id === 'string' && STIX_ID.test(id) && !xsoar;
  } catch {
    return false;
  }
}
