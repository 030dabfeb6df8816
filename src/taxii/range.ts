/**
 * TAXII 2.0 paging by item ranges (TAXII 2.0 section 3.4, RFC 9110 sections 14.2 to 14.4):
 * the `Range` request header read, and the page, status and `Content-Range` answer chosen.
 * Item positions are zero-based and inclusive, as in `Range: items 0-99` for the first hundred.
 *
 * Pure functions only: the handler counts the matching objects, asks `selectPage` where to
 * start and how many to read, reads them, then writes `contentRange` for what it read.
 */

/** The one range unit TAXII defines; also the value of `Accept-Ranges`. */
export const ITEMS_UNIT = 'items';

/** What a `Range` header asks for. */
export type RangeRequest =
  | { kind: 'absent' }
  /** A unit other than items, which RFC 9110 section 14.2 says a server ignores. */
  | { kind: 'ignored'; unit: string }
  /** `items 10-19`, or `items 10-` for everything from position 10; `last` is inclusive. */
  | { kind: 'items'; first: number; last: number | null }
  /** `items -20`: the last 20 items. */
  | { kind: 'suffix'; length: number }
  | { kind: 'malformed'; reason: string };

/** Where a page starts and how many items it may hold, or why no page can be served. */
export type RangePage =
  | { status: 200 | 206; offset: number; limit: number }
  | { status: 416; contentRange: string; reason: string };

// The unit, then `=` (RFC 9110) or a space (the form TAXII 2.0 prints), then the range set.
// Spaces around `=` and `-` are tolerated: QRadar's documentation writes `items= 0-4`.
const RANGE_HEADER = /^\s*([!#$%&'*+.^_`|~0-9a-z-]+)(?:\s*=\s*|\s+)(.*?)\s*$/i;
const INT_RANGE = /^(\d+)\s*-\s*(\d*)$/;
const SUFFIX_RANGE = /^-\s*(\d+)$/;

/** Reads a `Range` header; `undefined` (no header) is `absent`. */
export function parseRange(header: string | undefined): RangeRequest {
  if (header === undefined || header.trim() === '') return { kind: 'absent' };

  const match = RANGE_HEADER.exec(header);
  if (!match) return malformed('the Range header is not `items <first>-<last>`');
  const unit = match[1]!.toLowerCase();
  const set = match[2]!;
  if (unit !== ITEMS_UNIT) return { kind: 'ignored', unit };

  if (set.includes(',')) return malformed('only one range per request is served');
  return readRangeSpec(set);
}

function readRangeSpec(spec: string): RangeRequest {
  const suffix = SUFFIX_RANGE.exec(spec);
  if (suffix) {
    const length = safeInteger(suffix[1]!);
    if (length === null || length === 0) {
      return malformed('a suffix range needs a length of 1 or more');
    }
    return { kind: 'suffix', length };
  }

  const range = INT_RANGE.exec(spec);
  if (!range) return malformed('the range is not `<first>-<last>` with whole numbers');
  const first = safeInteger(range[1]!);
  const last = range[2] === '' ? null : safeInteger(range[2]!);
  if (first === null || (last === null && range[2] !== '')) {
    return malformed('a range position is too large');
  }
  if (last !== null && last < first) return malformed('the range ends before it starts');
  return { kind: 'items', first, last };
}

/**
 * The page to serve for a range request over `total` matching items, at most `pageCap` of them.
 *
 * - No range (or one in another unit): the first `pageCap` items, 200 when that is all of them
 *   and 206 when more follow, since TAXII 2.0 lets a server page a client that did not ask.
 * - A range: 206 for the part of it that exists, cut to `pageCap` items; a client learns the
 *   size it got from `Content-Range` and asks for the rest.
 * - A range that starts past the end, or a malformed one: 416, with a `Content-Range` that
 *   names only the total (see `unsatisfiedRange`).
 *
 * An empty result is a 200 when the request starts at the beginning: a poller asking for
 * what was added since its last run must be able to hear "nothing" without an error.
 */
export function selectPage(request: RangeRequest, total: number, pageCap: number): RangePage {
  if (!Number.isSafeInteger(pageCap) || pageCap < 1) {
    throw new RangeError(`page cap must be a positive integer, not ${pageCap}`);
  }

  switch (request.kind) {
    case 'absent':
    case 'ignored':
      return { status: total > pageCap ? 206 : 200, offset: 0, limit: Math.min(total, pageCap) };
    case 'malformed':
      return unsatisfiable(total, request.reason);
    case 'suffix': {
      if (total === 0) return { status: 200, offset: 0, limit: 0 };
      const length = Math.min(request.length, total, pageCap);
      return { status: 206, offset: total - Math.min(request.length, total), limit: length };
    }
    case 'items':
      return itemsPage(request.first, request.last, total, pageCap);
  }
}

function itemsPage(first: number, last: number | null, total: number, cap: number): RangePage {
  if (total === 0 && first === 0) return { status: 200, offset: 0, limit: 0 };
  if (first >= total) {
    return unsatisfiable(total, `the range starts at item ${first} of ${total}`);
  }

  const end = Math.min(last ?? total - 1, total - 1, first + cap - 1);
  return { status: 206, offset: first, limit: end - first + 1 };
}

/**
 * The `Content-Range` for a page of `returned` items from `offset` out of `total`:
 * `items 0-99/1500`. TAXII 2.0 has no form for zero items; an empty result is written
 * `items 0-0/0`, the shape that clients such as the OASIS taxii2-client can parse (they
 * match `items <first>-<last>/<total>` and stop once `<first>` reaches `<total>`).
 */
export function contentRange(offset: number, returned: number, total: number): string {
  if (total === 0) return `${ITEMS_UNIT} 0-0/0`;
  if (returned === 0) return unsatisfiedRange(total);
  return `${ITEMS_UNIT} ${offset}-${offset + returned - 1}/${total}`;
}

/** The `Content-Range` of a 416 answer: the unit, an asterisk, a slash and the total. */
export function unsatisfiedRange(total: number): string {
  return `${ITEMS_UNIT} */${total}`;
}

function unsatisfiable(total: number, reason: string): RangePage {
  return { status: 416, contentRange: unsatisfiedRange(total), reason };
}

function malformed(reason: string): RangeRequest {
  return { kind: 'malformed', reason };
}

function safeInteger(digits: string): number | null {
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}
