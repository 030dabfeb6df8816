import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { realData } from '../support/shared-data.js';
import { startTestServer, taxiiGet, type TestServer } from '../support/test-server.js';

const MASS_SCANNER = realData('stamparm-maltrail', 'mass_scanner.txt');

/** The distinct addresses in the list, read independently of the importer. */
function distinctAddresses(): Set<string> {
  const values = readFileSync(MASS_SCANNER, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '');
  return new Set(values);
}

describe('the maltrail mass-scanner list, imported and pulled whole', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({
      collections: { scanners: 'type:IP or type:IPv6' },
      files: [{ path: MASS_SCANNER, defaults: { score: 2, source: 'maltrail' } }],
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('imports each distinct address once and rejects the five lines that are no address', () => {
    // The list has 18,840 distinct lines; five are not addresses: two request paths left in by
    // the list's authors ("/w00tw00t.at...") and three addresses with a stray leading "C".
    expect(distinctAddresses().size).toBe(18_840);
    expect(t.imported).toMatchObject({ added: 18_835, rejected: 5 });
    expect(t.imported!.rejections.map((r) => r.line)).toEqual([16343, 16347, 17474, 17484, 18235]);
  });

  it.each([1000, 777, 5000])(
    'serves every address exactly once at limit=%i, with no gap',
    async (limit) => {
      const collections = await taxiiGet(`${t.url}/threatintel/collections/`);
      const id = collections.body.collections[0].id as string;
      const names: string[] = [];
      let next = '';
      let lastAdded = '';
      for (;;) {
        const page = await taxiiGet(
          `${t.url}/threatintel/collections/${id}/objects/?limit=${limit}${next}`,
        );
        expect(page.status).toBe(200);
        const first = page.headers.get('x-taxii-date-added-first')!;
        expect(first > lastAdded).toBe(true);
        lastAdded = page.headers.get('x-taxii-date-added-last')!;
        names.push(...page.body.objects.map((o: { name: string }) => o.name));
        if (!page.body.more) break;
        next = `&next=${encodeURIComponent(page.body.next as string)}`;
      }

      const rejected = new Set(t.imported!.rejections.map((r) => r.reason.split('"')[1]));
      const expected = [...distinctAddresses()].filter((v) => !rejected.has(v));
      expect(expected).toHaveLength(18_835);
      expect(names).toHaveLength(expected.length);
      expect(new Set(names).size).toBe(expected.length);
      const lowered = new Set(expected.map((v) => v.toLowerCase()));
      expect(names.filter((n) => !lowered.has(n.toLowerCase()))).toEqual([]);
    },
  );
});
