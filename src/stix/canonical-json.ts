/**
 * The JSON Canonicalization Scheme (RFC 8785): the one serialization STIX 2.1 hashes when it
 * derives a deterministic SCO id, so two producers with the same properties get the same id.
 */

/** A JSON value as RFC 8785 accepts it: no undefined, NaN, Infinity, bigint or functions. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

/**
 * Serializes a value canonically: object members sorted by the UTF-16 code units of their
 * names, no insignificant white space, numbers and strings as ECMAScript writes them.
 *
 * Members whose value is `undefined` are treated as absent, so callers can pass optional
 * properties without filtering them first. Anything that is not JSON throws a TypeError.
 */
export function canonicalize(value: JsonValue): string {
  return write(value as unknown);
}

function write(value: unknown): string {
  if (value === null) return 'null';

  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return writeNumber(value);
    case 'string':
      return writeString(value);
    case 'object':
      return Array.isArray(value) ? writeArray(value) : writeObject(value as JsonObject);
    default:
      throw new TypeError(`canonical JSON cannot hold a value of type ${typeof value}`);
  }
}

// RFC 8785 section 3.2.2.3 adopts the ECMAScript Number-to-String algorithm verbatim, which
// is what String() implements; -0 is written as 0 like every other serializer does.
function writeNumber(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`canonical JSON cannot hold the number ${n}`);
  return Object.is(n, -0) ? '0' : String(n);
}

const SHORT_ESCAPES: Record<number, string> = {
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0c: '\\f',
  0x0d: '\\r',
  0x22: '\\"',
  0x5c: '\\\\',
};

// Section 3.2.2.2: only the quote, the backslash and the C0 controls are escaped; the five
// controls with a short form use it, the rest use \u00xx in lower case. Everything else,
// non-ASCII included, is written as itself. Lone surrogates are not Unicode and are refused.
function writeString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);

    if (unit >= 0xd800 && unit <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      const paired = unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
      if (!paired) throw new TypeError('canonical JSON cannot hold a lone surrogate');
      out += s[i]! + s[i + 1]!;
      i++;
      continue;
    }

    const short = SHORT_ESCAPES[unit];
    if (short !== undefined) out += short;
    else if (unit < 0x20) out += `\\u${unit.toString(16).padStart(4, '0')}`;
    else out += s[i]!;
  }
  return `${out}"`;
}

function writeArray(items: unknown[]): string {
  return `[${items.map((item) => write(item)).join(',')}]`;
}

// Section 3.2.3: names are compared as arrays of UTF-16 code units, which is exactly how
// JavaScript's default string comparison orders them.
function writeObject(obj: JsonObject): string {
  const names = Object.keys(obj)
    .filter((name) => obj[name] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const members = names.map((name) => `${writeString(name)}:${write(obj[name])}`);
  return `{${members.join(',')}}`;
}
