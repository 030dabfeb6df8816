/**
 * TAXII media types and content negotiation (TAXII 2.1 section 1.6.8, TAXII 2.0 section 1.4.8,
 * RFC 9110 section 12.5.1). Accept headers are parsed, not string-compared: case, spaces,
 * parameters and q-values all vary between clients.
 */
export const TAXII_21 = 'application/taxii+json;version=2.1';
export const STIX_21 = 'application/stix+json;version=2.1';
// TAXII 2.0 registered vendor types, written as the 2.0 specification prints them.
export const TAXII_20 = 'application/vnd.oasis.taxii+json; version=2.0';
export const STIX_20 = 'application/vnd.oasis.stix+json; version=2.0';

/** The media type TAXII 2.1 names STIX of one spec version by: a posted object's own. */
export function stixMediaType(specVersion: string): string {
  return `application/stix+json;version=${specVersion}`;
}

/** What a TAXII 2.0 API root lists in `versions` (TAXII 2.0 section 4.2.1). */
export const TAXII_20_API_VERSION = 'taxii-2.0';

export type TaxiiVersion = '2.0' | '2.1';

/** Every version this code can serve, newest first: the order a wildcard is answered in. */
export const TAXII_VERSIONS: readonly TaxiiVersion[] = ['2.1', '2.0'];

/**
 * What a response body is. TAXII 2.1 sends every body as a TAXII resource; TAXII 2.0 sends
 * objects (Get Objects, Get An Object) as STIX, a bundle, and everything else as TAXII.
 */
export type BodyKind = 'taxii' | 'stix';

/** The version to answer in and the media type to write in `Content-Type`. */
export interface Negotiated {
  version: TaxiiVersion;
  mediaType: string;
}

export interface NegotiationOptions {
  /** The versions this server has switched on; both by default. */
  served?: readonly TaxiiVersion[];
  /** What the endpoint sends; `taxii` by default. */
  body?: BodyKind;
}

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
 * Accept header accepts anything (RFC 9110); wildcards and `application/taxii+json` without a
 * version get 2.1, the newest, when it is served; the 2.0 vendor types get 2.0.
 */
export function negotiateVersion(
  accept: string | undefined,
  served: readonly TaxiiVersion[] = TAXII_VERSIONS,
  body: BodyKind = 'taxii',
): TaxiiVersion | null {
  return negotiate(accept, { served, body })?.version ?? null;
}

/**
 * The version and the `Content-Type` to answer with. The media type is the one the client
 * named, so that a client checking the response against its Accept header finds it; for a
 * wildcard it is the version's own type for this kind of body.
 */
export function negotiate(
  accept: string | undefined,
  options: NegotiationOptions = {},
): Negotiated | null {
  const served = options.served ?? TAXII_VERSIONS;
  const body = options.body ?? 'taxii';
  if (accept === undefined || accept.trim() === '') return newest(served, body);

  const ranges = parseAccept(accept);
  // `q=0` on a named type refuses it even where a wildcard would match (RFC 9110 12.5.1).
  const refused = new Set(
    ranges
      .filter((r) => r.q === 0 && r.type !== '*' && r.subtype !== '*')
      .map((r) => answerFor(r, served, body)?.version),
  );
  const allowed = served.filter((v) => !refused.has(v));
  const ranked = ranges.filter((range) => range.q > 0).sort((a, b) => b.q - a.q);
  for (const range of ranked) {
    const answer = answerFor(range, allowed, body);
    if (answer) return answer;
  }
  return null;
}

/** The media types an endpoint sends for the versions served, for 406 messages. */
export function servedMediaTypes(
  served: readonly TaxiiVersion[] = TAXII_VERSIONS,
  body: BodyKind = 'taxii',
): string[] {
  return TAXII_VERSIONS.filter((v) => served.includes(v)).map((v) => ownMediaType(v, body));
}

function answerFor(
  range: MediaRange,
  served: readonly TaxiiVersion[],
  body: BodyKind,
): Negotiated | null {
  if (range.type === '*' && range.subtype === '*') return newest(served, body);
  if (range.type !== 'application') return null;
  if (range.subtype === '*') return newest(served, body);

  const version = range.params.get('version');
  const offer = (v: TaxiiVersion, mediaType: string): Negotiated | null =>
    served.includes(v) ? { version: v, mediaType } : null;
  switch (range.subtype) {
    case 'taxii+json':
      return version === undefined || version === '2.1' ? offer('2.1', TAXII_21) : null;
    case 'vnd.oasis.taxii+json':
      return version === undefined || version === '2.0' ? offer('2.0', TAXII_20) : null;
    // STIX content is only what the 2.0 object endpoints send; 2.1 wraps it in a TAXII envelope.
    case 'vnd.oasis.stix+json':
      if (body !== 'stix') return null;
      return version === undefined || version === '2.0' ? offer('2.0', STIX_20) : null;
    default:
      return null;
  }
}

function newest(served: readonly TaxiiVersion[], body: BodyKind): Negotiated | null {
  const version = TAXII_VERSIONS.find((v) => served.includes(v));
  return version === undefined ? null : { version, mediaType: ownMediaType(version, body) };
}

function ownMediaType(version: TaxiiVersion, body: BodyKind): string {
  if (version === '2.1') return TAXII_21;
  return body === 'stix' ? STIX_20 : TAXII_20;
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
