/**
 * TAXII media types and content negotiation (TAXII 2.1 section 1.6.8, RFC 9110 section 12.5.1).
 * Accept headers are parsed, not string-compared: case, spaces, parameters and q-values all vary
 * between clients.
 */
export const TAXII_21 = 'application/taxii+json;version=2.1';
export const STIX_21 = 'application/stix+json;version=2.1';

export type TaxiiVersion = '2.1';

export interface MediaRange {
  type: string;
  subtype: string;
  params: ReadonlyMap<string, string>;
  q: number;
}

/** Parses an Accept header into media ranges; malformed entries are skipped. */
export function parseAccept(header: string): MediaRange[] {
  return splitOutsideQuotes(header, ',').flatMap((entry) => {
    const [range = '', ...rawParams] = splitOutsideQuotes(entry, ';');
    const match = /^\s*([!#$%&'*+.^_`|~0-9a-z-]+)\/([!#$%&'*+.^_`|~0-9a-z-]+)\s*$/i.exec(range);
    if (!match) return [];

    const params = new Map<string, string>();
    let q = 1;
    for (const raw of rawParams) {
      const eq = raw.indexOf('=');
      if (eq < 0) continue;
      const name = raw.slice(0, eq).trim().toLowerCase();
      const value = unquote(raw.slice(eq + 1).trim());
      if (name === 'q') q = parseQuality(value);
      else params.set(name, value);
    }
    return [{ type: match[1]!.toLowerCase(), subtype: match[2]!.toLowerCase(), params, q }];
  });
}

/**
 * The TAXII version to answer in, or null when nothing the client accepts is served. A missing
 * Accept header accepts anything (RFC 9110); `application/taxii+json` without a version, and
 * wildcards, get the newest version served.
 */
export function negotiateVersion(accept: string | undefined): TaxiiVersion | null {
  if (accept === undefined || accept.trim() === '') return '2.1';

  const ranked = parseAccept(accept)
    .filter((range) => range.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const range of ranked) {
    const version = versionFor(range);
    if (version) return version;
  }
  return null;
}

function versionFor(range: MediaRange): TaxiiVersion | null {
  if (range.type === '*' && range.subtype === '*') return '2.1';
  if (range.type !== 'application') return null;
  if (range.subtype === '*') return '2.1';
  if (range.subtype !== 'taxii+json') return null;

  const version = range.params.get('version');
  return version === undefined || version === '2.1' ? '2.1' : null;
}

function parseQuality(value: string): number {
  const q = Number(value);
  return Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    if (ch === '\\' && quoted && i + 1 < text.length) {
      current += ch + text[++i]!;
      continue;
    }
    if (ch === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}
