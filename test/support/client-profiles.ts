import { expect } from 'vitest';

import { taxiiGet } from './test-server.js';

/**
 * The request sequences of real TAXII clients, as functions that pull one collection's objects
 * URL whole and return the ids they received, page by page as each client pages. Tests replay
 * them against the server and against the mock.
 */
export const TAXII_21 = 'application/taxii+json;version=2.1';
export const TAXII_20_SPACED = 'application/vnd.oasis.taxii+json; version=2.0';
export const TAXII_20_TIGHT = 'application/vnd.oasis.taxii+json;version=2.0';
export const STIX_20 = 'application/vnd.oasis.stix+json; version=2.0';
const LOOKBACK = '2000-01-01T00:00:00.000000Z';

export type Pull = (objectsUrl: string, auth: Record<string, string>) => Promise<string[]>;

/** taxii2client.v21 as_pages: limit, then `next` until `more` is false. */
const taxii2ClientV21: Pull = async (url, auth) => {
  const ids: string[] = [];
  let next: string | undefined;
  do {
    const query = `?limit=500${next ? `&next=${encodeURIComponent(next)}` : ''}`;
    const page = await taxiiGet(url + query, { Accept: TAXII_21, ...auth });
    expect(page.status).toBe(200);
    ids.push(...(page.body.objects ?? []).map((o: { id: string }) => o.id));
    next = page.body.more ? (page.body.next as string) : undefined;
  } while (next);
  return ids;
};

/** taxii2client.v20 as_pages: `Range: items a-b`, continued from the Content-Range it got. */
export function rangePuller(accept: string, extraQuery = ''): Pull {
  return async (url, auth) => {
    const ids: string[] = [];
    for (let start = 0; ;) {
      const page = await taxiiGet(url + extraQuery, {
        Accept: accept,
        Range: `items ${start}-${start + 299}`,
        ...auth,
      });
      expect([200, 206]).toContain(page.status);
      ids.push(...(page.body.objects ?? []).map((o: { id: string }) => o.id));
      const [, , last, total] = /items (\d+)-(\d+)\/(\d+)/.exec(
        page.headers.get('content-range')!,
      )!;
      if (Number(total) === 0 || Number(last) + 1 >= Number(total)) return ids;
      start = Number(last) + 1;
    }
  };
}

/** Microsoft Sentinel on 2.1: a lookback in added_after, repeated with every `next`. */
const sentinelV21: Pull = async (url, auth) => {
  const ids: string[] = [];
  let next: string | undefined;
  do {
    const query = `?added_after=${LOOKBACK}${next ? `&next=${encodeURIComponent(next)}` : ''}`;
    const page = await taxiiGet(url + query, { Accept: TAXII_21, ...auth });
    ids.push(...(page.body.objects ?? []).map((o: { id: string }) => o.id));
    next = page.body.more ? (page.body.next as string) : undefined;
  } while (next);
  return ids;
};

/** Elastic's threat-intel input: added_after on the first request only, then bare `next`. */
const elastic: Pull = async (url, auth) => {
  const ids: string[] = [];
  let query = `?added_after=${LOOKBACK}&limit=250`;
  for (;;) {
    const page = await taxiiGet(url + query, { Accept: TAXII_21, ...auth });
    expect(page.status).toBe(200);
    ids.push(...(page.body.objects ?? []).map((o: { id: string }) => o.id));
    if (!page.body.more) return ids;
    query = `?limit=250&next=${encodeURIComponent(page.body.next as string)}`;
  }
};

/** OpenCTI and cursor-keeping pollers: X-TAXII-Date-Added-Last becomes the next added_after. */
const dateCursor: Pull = async (url, auth) => {
  const ids: string[] = [];
  let after = LOOKBACK;
  for (;;) {
    const page = await taxiiGet(`${url}?limit=400&added_after=${encodeURIComponent(after)}`, {
      Accept: TAXII_21,
      ...auth,
    });
    const objects = (page.body.objects ?? []) as Array<{ id: string }>;
    if (objects.length === 0) return ids;
    ids.push(...objects.map((o) => o.id));
    after = page.headers.get('x-taxii-date-added-last')!;
  }
};

export const PROFILES: Array<[string, '2.0' | '2.1', Pull]> = [
  ['taxii2-client v21', '2.1', taxii2ClientV21],
  ['taxii2-client v20 (Accept with a space)', '2.0', rangePuller(STIX_20)],
  ['taxii2-client v20 (Accept without a space)', '2.0', rangePuller(TAXII_20_TIGHT)],
  ['Microsoft Sentinel 2.1', '2.1', sentinelV21],
  ['Microsoft Sentinel 2.0', '2.0', rangePuller(TAXII_20_SPACED, `?added_after=${LOOKBACK}`)],
  ['Elastic threat intel', '2.1', elastic],
  ['OpenCTI feed ingester', '2.1', dateCursor],
];
