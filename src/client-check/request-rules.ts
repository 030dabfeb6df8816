/**
 * What a TAXII client should send, judged from one request alone: things the server forgives
 * (it serves a path without its final slash, any spelling of the media type, a Range in either
 * form) but that another TAXII server, or the document, would not.
 */

export type DeviationRule =
  | 'trailing-slash'
  | 'media-type'
  | 'repeated-parameter'
  | 'filter-syntax'
  | 'unknown-parameter'
  | 'paging';

export interface Deviation {
  rule: DeviationRule;
  detail: string;
}

/** One request as the checker sees it, before the server's own normalizing. */
export interface AuditedRequest {
  method: string;
  /** The path as the client sent it, inside the path prefix. */
  path: string;
  /** Decoded query parameters in the order sent, repeats kept. */
  query: Array<[string, string]>;
  accept: string | undefined;
  contentType: string | undefined;
  range: string | undefined;
  version: '2.0' | '2.1';
  /** The media types the document declares for this operation's answers and request body. */
  responseMediaTypes: readonly string[];
  requestMediaTypes: readonly string[];
}

const FILTERS: Record<AuditedRequest['version'], readonly string[]> = {
  '2.1': ['id', 'type', 'version', 'spec_version'],
  '2.0': ['id', 'type', 'version'],
};
const PARAMETERS: Record<AuditedRequest['version'], readonly string[]> = {
  '2.1': ['added_after', 'limit', 'next'],
  '2.0': ['added_after'],
};
// TAXII timestamps are RFC 3339 in UTC with an upper-case T and Z.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
// TAXII 2.0 section 3.4 writes ranges as `items 0-99`.
const ITEMS_RANGE = /^items \d+-\d+$/;

export function requestDeviations(request: AuditedRequest): Deviation[] {
  return [
    ...pathDeviations(request),
    ...mediaTypeDeviations(request),
    ...queryDeviations(request),
    ...rangeDeviations(request),
  ];
}

function pathDeviations({ path }: AuditedRequest): Deviation[] {
  if (path.endsWith('/')) return [];
  return [{ rule: 'trailing-slash', detail: `${path} lacks the final "/" TAXII URLs end with` }];
}

function mediaTypeDeviations(request: AuditedRequest): Deviation[] {
  const found: Deviation[] = [];
  const declared = request.responseMediaTypes;
  if (declared.length > 0) {
    if (request.accept === undefined) {
      found.push({ rule: 'media-type', detail: `no Accept header; send ${declared.join(' or ')}` });
    } else {
      const ranges = request.accept.split(',').map((entry) => withoutQuality(entry.trim()));
      if (!ranges.some((range) => declared.includes(range))) {
        found.push({
          rule: 'media-type',
          detail: `Accept "${request.accept}" spells none of ${declared.map((m) => `"${m}"`).join(', ')}`,
        });
      }
    }
  }
  if (request.method === 'POST' && request.requestMediaTypes.length > 0) {
    const sent = request.contentType?.trim();
    if (sent === undefined || !request.requestMediaTypes.includes(sent)) {
      found.push({
        rule: 'media-type',
        detail: `Content-Type "${sent ?? ''}" is not "${request.requestMediaTypes.join('" or "')}"`,
      });
    }
  }
  return found;
}

function queryDeviations(request: AuditedRequest): Deviation[] {
  const found: Deviation[] = [];
  const seen = new Map<string, number>();
  for (const [name] of request.query) seen.set(name, (seen.get(name) ?? 0) + 1);
  for (const [name, count] of seen) {
    if (count > 1) {
      found.push({
        rule: 'repeated-parameter',
        detail: `${name} is sent ${count} times; send it once, with a comma list for several values`,
      });
    }
  }

  for (const [name, value] of firstOfEach(request.query)) {
    const filter = /^match\[(.*)\]$/.exec(name);
    if (filter) {
      if (!FILTERS[request.version].includes(filter[1]!)) {
        found.push({
          rule: 'filter-syntax',
          detail: `${name} is not a TAXII ${request.version} filter (${FILTERS[request.version].map((f) => `match[${f}]`).join(', ')})`,
        });
      }
      const items = value.split(',');
      if (items.some((item) => item === '' || item !== item.trim())) {
        found.push({
          rule: 'filter-syntax',
          detail: `${name}="${value}" has an empty item or spaces around a comma`,
        });
      }
    } else if (name === 'added_after') {
      if (!TIMESTAMP.test(value)) {
        found.push({
          rule: 'filter-syntax',
          detail: `added_after="${value}" is not a TAXII timestamp (2024-05-02T08:15:30.123Z)`,
        });
      }
    } else if (!PARAMETERS[request.version].includes(name)) {
      found.push(
        name === 'limit' || name === 'next'
          ? { rule: 'paging', detail: `${name} is TAXII 2.1 paging; TAXII 2.0 pages with Range` }
          : {
              rule: 'unknown-parameter',
              detail: `${name} is not a TAXII ${request.version} parameter`,
            },
      );
    }
  }
  return found;
}

function rangeDeviations(request: AuditedRequest): Deviation[] {
  if (request.range === undefined) return [];
  if (request.version === '2.1') {
    return [
      { rule: 'paging', detail: 'Range is TAXII 2.0 paging; TAXII 2.1 pages with limit and next' },
    ];
  }
  if (ITEMS_RANGE.test(request.range)) return [];
  return [
    { rule: 'paging', detail: `Range "${request.range}" is not written "items <first>-<last>"` },
  ];
}

/** A media range without its `q` parameter, which says nothing about the type's spelling. */
function withoutQuality(range: string): string {
  return range.replace(/\s*;\s*q\s*=\s*[0-9.]+\s*$/i, '');
}

function firstOfEach(query: Array<[string, string]>): Array<[string, string]> {
  const first = new Map<string, string>();
  for (const [name, value] of query) if (!first.has(name)) first.set(name, value);
  return [...first];
}

/** Query parameters as sent, decoded; a pair that does not decode is kept as written. */
export function queryPairs(raw: string): Array<[string, string]> {
  if (raw === '') return [];
  return raw.split('&').map((pair) => {
    const at = pair.indexOf('=');
    const name = at < 0 ? pair : pair.slice(0, at);
    const value = at < 0 ? '' : pair.slice(at + 1);
    return [decodeLoosely(name), decodeLoosely(value)];
  });
}

function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
