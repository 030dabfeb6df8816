/**
 * Plain lists: one value a line, as threat-intel repositories publish them.
 *
 * Understood on a line: `#` comment lines and blank lines; a trailing comment after
 * whitespace (`value # comment`, kept as the description); tab-separated fields
 * (`value<TAB>description`); and LOKI's `value;score` suffix. LOKI reads a number after `;`
 * as its own 0-100 score, which its C2 loader ignores, so it is kept as the custom field
 * `lokiscore` and the XSOAR score is left alone; text after `;` is a description.
 */
import type { ImportDefaults } from './import-types.js';
import { readValue } from './read-value.js';
import { blankIndicator, type RecordSet } from './record-set.js';
import { hasScheme } from './url-value.js';

/** One list line taken apart; null for comments and blank lines. */
export interface ListLine {
  value: string;
  description: string | null;
  lokiScore: number | null;
}

/** Reads every line of a list into the record set. */
export function parseList(text: string, set: RecordSet, defaults: ImportDefaults): void {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = splitListLine(lines[i] ?? '');
    if (line) addListLine(line, i + 1, set, defaults);
  }
}

/** Splits a line into value, description and LOKI score. */
export function splitListLine(raw: string): ListLine | null {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) return null;

  const [first = '', ...fields] = line.split('\t');
  let description = joinFields(fields);
  let value = first.trim();

  const comment = value.search(/\s#/);
  if (comment >= 0) {
    description ??= value.slice(comment).trim().slice(1).trim() || null;
    value = value.slice(0, comment).trim();
  }

  let lokiScore: number | null = null;
  const semicolon = value.indexOf(';');
  if (semicolon > 0 && !hasScheme(value) && !value.includes('/')) {
    const suffix = value.slice(semicolon + 1).trim();
    value = value.slice(0, semicolon).trim();
    if (/^\d{1,3}$/.test(suffix)) lokiScore = Number(suffix);
    else description ??= suffix || null;
  }
  return { value, description, lokiScore };
}

function addListLine(line: ListLine, n: number, set: RecordSet, defaults: ImportDefaults): void {
  const read = readValue(line.value, defaults.type);
  if (!read.ok) {
    set.reject(n, `${JSON.stringify(line.value)}: ${read.reason}`);
    return;
  }

  const indicator = blankIndicator(read.type, read.value, set.score());
  indicator.description = line.description;
  if (read.port !== undefined) indicator.customFields.ports = [read.port];
  if (line.lokiScore !== null) indicator.customFields.lokiscore = line.lokiScore;
  set.add(n, indicator);
}

// Tab-separated fields after the value; a leading `#` there is comment punctuation.
function joinFields(fields: string[]): string | null {
  const parts = fields.map((f) => f.trim().replace(/^#\s*/, '')).filter((f) => f !== '');
  return parts.length > 0 ? parts.join('; ') : null;
}
