/**
 * RFC 4180 CSV: comma-separated fields, double-quoted fields that may hold commas, line
 * breaks and doubled quotes, CRLF or LF line ends. Blank lines are skipped.
 */

/** One record and the 1-based line it starts on; `error` is set when it is malformed. */
export interface CsvRow {
  line: number;
  fields: string[];
  error?: string;
}

/** Splits CSV text into rows, handing each to `onRow`; it returns false to stop. */
export function forEachCsvRow(text: string, onRow: (row: CsvRow) => boolean | void): void {
  const reader = { text, at: 0, line: 1 };
  while (reader.at < text.length) {
    const row = readRow(reader);
    const blank = row.fields.length === 1 && row.fields[0] === '' && !row.error;
    if (!blank && onRow(row) === false) return;
  }
}

/** The first row of CSV text, or null when it has none. */
export function firstCsvRow(text: string): CsvRow | null {
  let first: CsvRow | null = null;
  forEachCsvRow(text, (row) => {
    first = row;
    return false;
  });
  return first;
}

interface Reader {
  text: string;
  at: number;
  line: number;
}

function readRow(r: Reader): CsvRow {
  const row: CsvRow = { line: r.line, fields: [] };
  for (;;) {
    const field = r.text[r.at] === '"' ? readQuoted(r) : readPlain(r);
    if (field === null) {
      row.error = 'a quoted field is never closed (truncated file?)';
      row.fields.push(r.text.slice(r.at));
      r.at = r.text.length;
      return row;
    }
    row.fields.push(field);

    const ch = r.text[r.at];
    r.at++;
    if (ch !== ',') {
      r.line++;
      return row;
    }
  }
}

// Reads up to the next comma or line end, leaving `at` on it.
function readPlain(r: Reader): string {
  const start = r.at;
  let at = start;
  while (at < r.text.length) {
    const c = r.text.charCodeAt(at);
    if (c === 44 || c === 10) break;
    at++;
  }
  r.at = at;
  const field = r.text.slice(start, at);
  return field.endsWith('\r') ? field.slice(0, -1) : field;
}

// Reads a quoted field; text between the closing quote and the next delimiter is kept too,
// as most spreadsheet tools do, rather than losing the row.
function readQuoted(r: Reader): string | null {
  let out = '';
  let at = r.at + 1;
  for (;;) {
    const close = r.text.indexOf('"', at);
    if (close < 0) return null;
    out += r.text.slice(at, close);
    if (r.text[close + 1] === '"') {
      out += '"';
      at = close + 2;
      continue;
    }
    r.line += countNewlines(r.text, r.at, close);
    r.at = close + 1;
    return out + readPlain(r);
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
