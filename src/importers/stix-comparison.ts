/**
 * Reading the one comparison of a STIX pattern that holds exactly one (STIX 2.1 chapter 9,
 * 2.0 Part 5): `[ipv4-addr:value = '198.51.100.1']`. Anything larger (several comparisons,
 * several observations, qualifiers, list indexes) is no single observable and reads as null.
 */

/** `<type>:<path> = <literal>` as read from a pattern. */
export interface PatternComparison {
  type: string;
  /** The property path below the object, one entry per step, quotes removed. */
  path: string[];
  value: string | number;
}

const OBJECT_TYPE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*/;
const IDENTIFIER = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const INTEGER = /^-?\d+/;

/** The single equality comparison of `pattern`, or null when it is anything else. */
export function singleComparison(pattern: string): PatternComparison | null {
  const text = pattern.trim();
  if (!text.startsWith('[') || !text.endsWith(']')) return null;
  const cursor = { text: text.slice(1, -1), at: 0 };

  skipSpace(cursor);
  const type = take(cursor, OBJECT_TYPE);
  if (type === null || cursor.text[cursor.at] !== ':') return null;
  cursor.at++;

  const path = readPath(cursor);
  if (path === null) return null;
  skipSpace(cursor);
  if (cursor.text[cursor.at] !== '=') return null;
  cursor.at++;
  skipSpace(cursor);

  const value = readLiteral(cursor);
  skipSpace(cursor);
  if (value === null || cursor.at !== cursor.text.length) return null;
  return { type, path, value };
}

interface Cursor {
  text: string;
  at: number;
}

function readPath(cursor: Cursor): string[] | null {
  const path: string[] = [];
  for (;;) {
    const step = cursor.text[cursor.at] === "'" ? readString(cursor) : take(cursor, IDENTIFIER);
    if (step === null) return null;
    path.push(step);
    if (cursor.text[cursor.at] !== '.') return path;
    cursor.at++;
  }
}

function readLiteral(cursor: Cursor): string | number | null {
  if (cursor.text[cursor.at] === "'") return readString(cursor);
  const digits = take(cursor, INTEGER);
  return digits === null ? null : Number(digits);
}

// The StringLiteral token: `\'` and `\\` are its only escapes.
function readString(cursor: Cursor): string | null {
  let out = '';
  for (let i = cursor.at + 1; i < cursor.text.length; i++) {
    const ch = cursor.text[i]!;
    if (ch === "'") {
      cursor.at = i + 1;
      return out;
    }
    if (ch === '\\') {
      const next = cursor.text[i + 1];
      if (next !== "'" && next !== '\\') return null;
      out += next;
      i++;
    } else {
      out += ch;
    }
  }
  return null;
}

function take(cursor: Cursor, token: RegExp): string | null {
  const match = token.exec(cursor.text.slice(cursor.at));
  if (!match) return null;
  cursor.at += match[0].length;
  return match[0];
}

function skipSpace(cursor: Cursor): void {
  while (/\s/.test(cursor.text[cursor.at] ?? '')) cursor.at++;
}
