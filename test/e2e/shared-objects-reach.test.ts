import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TLP_MARKING_IDS } from '../../src/stix/markings.js';
import { stix20Id } from '../../src/stix/ids.js';
import { extensionDefinitionId, PRODUCT_IDENTITY_ID } from '../../src/stix/xsoar-extension.js';
import { startTestServer, taxiiGet, type TestServer } from '../support/test-server.js';
import { TAXII_20, TAXII_21, type StixJson } from './support/full-pull.js';

/**
 * A poller that resumes with added_after past the first object that used a shared object (a
 * marking definition, an extension definition, their identity) is not sent it again in the
 * stream, which never repeats an (id, version); it reaches it by id.
 */
const AMBER = TLP_MARKING_IDS.AMBER;
const IP_DEFINITION = extensionDefinitionId('IP');
const SHARED = [AMBER, IP_DEFINITION, PRODUCT_IDENTITY_ID];

describe('objects shared between indicators, for a poller resuming with added_after', () => {
  let t: TestServer;
  let objects: string;

  beforeAll(async () => {
    const dir = process.env.TMPDIR ?? '/tmp';
    const file = join(dir, `shared-reach-${process.pid}.json`);
    const ioc = (value: string) => ({
      indicator_type: 'IP',
      value,
      score: 3,
      timestamp: '2024-05-02T11:03:19Z',
      CustomFields: { trafficlightprotocol: 'AMBER' },
    });
    writeFileSync(file, JSON.stringify(['198.51.100.1', '198.51.100.2', '198.51.100.3'].map(ioc)));
    t = await startTestServer({ files: [file], flags: { 'extension-fields': 'score' } });
    const list = await taxiiGet(`${t.url}/threatintel/collections/`);
    const [collection] = list.body.collections as Array<{ id: string }>;
    objects = `${t.url}/threatintel/collections/${collection!.id}/objects/`;
  });

  afterAll(() => t?.close());

  const get = async (url: string, accept = TAXII_21) => {
    const page = await taxiiGet(url, { Accept: accept });
    return { status: page.status, objects: (page.body.objects ?? []) as StixJson[], page };
  };

  it('serves each shared object once in the stream, and none again after added_after', async () => {
    const all = await get(`${objects}?limit=100`);
    const ids = all.objects.map((o) => o.id);
    for (const id of SHARED)
      expect(
        ids.filter((i) => i === id),
        id,
      ).toHaveLength(1);

    const first = all.page.headers.get('x-taxii-date-added-first')!;
    const later = await get(`${objects}?added_after=${first}`);
    expect(later.objects.map((o) => o.type)).toEqual(['indicator', 'indicator']);
    expect(later.objects[0]!.object_marking_refs).toEqual([AMBER]);
  });

  it.each(SHARED)('answers GET .../objects/%s/ and match[id] for it', async (id) => {
    const one = await get(`${objects}${id}/`);
    expect(one.status).toBe(200);
    expect(one.objects.map((o) => o.id)).toEqual([id]);

    const matched = await get(`${objects}?match[id]=${SHARED.join(',')}`);
    expect(matched.objects.map((o) => o.id).sort()).toEqual([...SHARED].sort());
  });

  it('answers by id in STIX 2.0 for the marking definition, which has no extension there', async () => {
    const one = await get(`${objects}${AMBER}/`, TAXII_20);
    expect(one.status).toBe(200);
    expect(one.objects.map((o) => o.id)).toEqual([AMBER]);
    const definition = await get(`${objects}${stix20Id(IP_DEFINITION)}/`, TAXII_20);
    expect(definition.status).toBe(404);
  });
});
