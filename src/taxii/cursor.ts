import { createHmac, timingSafeEqual } from 'node:crypto';

import type { PagePosition } from '../store/store.js';

/**
 * The TAXII 2.1 `next` token (section 3.4): the last (date_added, id) served plus a digest of
 * the request's filters, signed with the installation's secret. It needs no server memory, so
 * any process sharing the store continues any page, across restarts.
 */
export class CursorCodec {
  constructor(private readonly secret: string) {}

  encode(position: PagePosition, filters: string): string {
    const payload = Buffer.from(
      JSON.stringify([position.dateAdded, position.id, digest(filters)]),
    ).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The position a token continues from, or null when it is malformed, forged or for other filters. */
  decode(token: string, filters: string): PagePosition | null {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length > 0) return null;

    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;

    const decoded: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 3) return null;
    const [dateAdded, id, filterDigest] = decoded as unknown[];
    if (typeof dateAdded !== 'number' || !Number.isSafeInteger(dateAdded)) return null;
    if (typeof id !== 'string' || filterDigest !== digest(filters)) return null;
    return { dateAdded, id };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url').slice(0, 22);
  }
}

function digest(filters: string): string {
  return createHmac('sha256', 'taxii2-server filters')
    .update(filters)
    .digest('base64url')
    .slice(0, 11);
}
