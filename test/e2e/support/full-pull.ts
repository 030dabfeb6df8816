/** Whole-collection pulls as TAXII clients make them, in both versions, over HTTP. */
import { expect } from 'vitest';

import { taxiiGet } from '../../support/test-server.js';

export const TAXII_21 = 'application/taxii+json;version=2.1';
export const TAXII_20 = 'application/vnd.oasis.taxii+json; version=2.0';

export type StixJson = { type: string; id: string } & Record<string, unknown>;

/** Every object of a collection in STIX 2.1: `limit`, then `next` until `more` is false. */
export async function pull21(objectsUrl: string, limit = 1000): Promise<StixJson[]> {
  const objects: StixJson[] = [];
  let next: string | undefined;
  do {
    const query = `?limit=${limit}${next ? `&next=${encodeURIComponent(next)}` : ''}`;
    const page = await taxiiGet(objectsUrl + query, { Accept: TAXII_21 });
    expect(page.status).toBe(200);
    objects.push(...((page.body.objects ?? []) as StixJson[]));
    next = page.body.more ? (page.body.next as string) : undefined;
  } while (next);
  return objects;
}

/** Every object of a collection in STIX 2.0, by `Range: items a-b` pages. */
export async function pull20(objectsUrl: string, size = 1000): Promise<StixJson[]> {
  const objects: StixJson[] = [];
  for (let start = 0; ;) {
    const page = await taxiiGet(objectsUrl, {
      Accept: TAXII_20,
      Range: `items ${start}-${start + size - 1}`,
    });
    expect([200, 206, 416]).toContain(page.status);
    if (page.status === 416) return objects;
    objects.push(...((page.body.objects ?? []) as StixJson[]));
    const [, , last, total] = /items (\d+)-(\d+)\/(\d+)/.exec(page.headers.get('content-range')!)!;
    if (Number(last) + 1 >= Number(total)) return objects;
    start = Number(last) + 1;
  }
}

/** The references among `objects` to ids that are not among them, as `<id> <property>: <ref>`. */
export function danglingRefs(objects: readonly StixJson[]): string[] {
  const ids = new Set(objects.map((o) => o.id));
  const problems: string[] = [];
  for (const o of objects) {
    for (const [property, ref] of references(o)) {
      if (!ids.has(ref)) problems.push(`${o.id} ${property}: ${ref}`);
    }
  }
  return problems;
}

function references(object: StixJson): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const [property, value] of Object.entries(object)) {
    if (property.endsWith('_ref') && typeof value === 'string') found.push([property, value]);
    if (property.endsWith('_refs') && Array.isArray(value)) {
      for (const ref of value) if (typeof ref === 'string') found.push([property, ref]);
    }
    // An extension is keyed by the id of its definition, which must be served too.
    if (property === 'extensions' && typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value)) {
        if (key.startsWith('extension-definition--')) found.push([property, key]);
      }
    }
  }
  return found;
}
