/**
 * Where each record of a JSON document starts and ends, found without parsing the records.
 *
 * Each record is then parsed on its own, so a record's rejection names its line, and a file
 * cut off mid-way still yields every record before the cut.
 */

/** A JSON value's text range; `end` is -1 when the text stops before the value does. */
export interface JsonSpan {
  start: number;
  end: number;
}

/** The members of an object, or the elements of an array, and where reading stopped early. */
export interface Scan<T> {
  items: T[];
  /** Offset and description of the first structural problem, or null when the text is sound. */
  problem: { at: number; reason: string } | null;
}

export interface JsonMember extends JsonSpan {
  key: string;
}

const STRUCTURAL = /["{}[\]]/g;
const WHITESPACE = /[^ \t\r\n]/g;

/** The offset of the first non-whitespace character at or after `at` (text length if none). */
export function skipSpace(text: string, at: number): number {
  WHITESPACE.lastIndex = at;
  return WHITESPACE.exec(text)?.index ?? text.length;
}

/** The offset just past the JSON value starting at `at`, or -1 when the text ends first. */
export function valueEnd(text: string, at: number): number {
  const first = text[at];
  if (first === '"') return stringEnd(text, at);
  if (first !== '{' && first !== '[') return primitiveEnd(text, at);

  let depth = 0;
  STRUCTURAL.lastIndex = at;
  for (let m = STRUCTURAL.exec(text); m; m = STRUCTURAL.exec(text)) {
    const ch = m[0];
    if (ch === '"') {
      const end = stringEnd(text, m.index);
      if (end < 0) return -1;
      STRUCTURAL.lastIndex = end;
    } else if (ch === '{' || ch === '[') {
      depth++;
    } else if (--depth === 0) {
      return m.index + 1;
    }
  }
  return -1;
}

/** The elements of the array whose `[` is at `open`. */
export function arrayElements(text: string, open: number): Scan<JsonSpan> {
  const items: JsonSpan[] = [];
  let at = skipSpace(text, open + 1);
  if (text[at] === ']') return { items, problem: null };

  for (;;) {
    const end = valueEnd(text, at);
    items.push({ start: at, end });
    if (end < 0) return { items, problem: null };

    at = skipSpace(text, end);
    if (text[at] === ',') at = skipSpace(text, at + 1);
    else if (text[at] === ']') return { items, problem: null };
    else return { items, problem: expected(text, at, '"," or "]"') };
    // A trailing comma before "]" is a common hand-edit; it costs no record.
    if (text[at] === ']') return { items, problem: null };
  }
}

/** The members of the object whose `{` is at `open`. */
export function objectMembers(text: string, open: number): Scan<JsonMember> {
  const items: JsonMember[] = [];
  let at = skipSpace(text, open + 1);
  if (text[at] === '}') return { items, problem: null };

  for (;;) {
    if (text[at] !== '"') return { items, problem: expected(text, at, 'a member name') };
    const keyEnd = stringEnd(text, at);
    if (keyEnd < 0) return { items, problem: null };
    const key = memberName(text.slice(at, keyEnd));
    if (key === null)
      return { items, problem: { at, reason: 'a member name is not a valid JSON string' } };

    at = skipSpace(text, keyEnd);
    if (text[at] !== ':') return { items, problem: expected(text, at, '":"') };
    const start = skipSpace(text, at + 1);
    const end = valueEnd(text, start);
    items.push({ key, start, end });
    if (end < 0) return { items, problem: null };

    at = skipSpace(text, end);
    if (text[at] === '}') return { items, problem: null };
    if (text[at] !== ',') return { items, problem: expected(text, at, '"," or "}"') };
    at = skipSpace(text, at + 1);
  }
}

/** The name a quoted member name spells, or null when it breaks JSON's string rules. */
function memberName(quoted: string): string | null {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    // A control character or a bad escape inside the quotes.
    return null;
  }
}

function expected(text: string, at: number, what: string) {
  if (at >= text.length) {
    return { at, reason: `the file ends where ${what} should follow (truncated?)` };
  }
  return { at, reason: `expected ${what}, found ${JSON.stringify(text.slice(at, at + 12))}` };
}

function stringEnd(text: string, at: number): number {
  for (let from = at + 1; ;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

function primitiveEnd(text: string, at: number): number {
  let i = at;
  while (i < text.length && !',]}: \t\r\n'.includes(text[i] ?? '')) i++;
  return i;
}

/** Maps offsets to 1-based line numbers. */
export class LineIndex {
  private readonly breaks: number[] = [];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.breaks.push(i);
  }

  lineOf(offset: number): number {
    let [lo, hi] = [0, this.breaks.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.breaks[mid] ?? 0) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }
}
