import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newApiKey } from '../../src/auth/api-key.js';
import { TAXII_20_SPACED, TAXII_21 } from '../support/client-profiles.js';
import { startTestServer, taxiiGet, type TestServer } from '../support/test-server.js';
import { loadBackend } from './backend-fixture.js';
import { loadBackend20 } from './backend-fixture-20.js';
import { collectExamples, isObject, schemaTitle, type Json } from './collect-examples.js';

/** Every collection resource among a document's examples, listed ones included. */
async function collectionExamples(load: () => Promise<{ definition: unknown }>): Promise<Json[]> {
  const { definition } = await load();
  return collectExamples(definition).flatMap(({ schema, value }) => {
    const title = schemaTitle(schema);
    if (title === 'collection' && isObject(value)) return [value];
    if (title === 'collections' && isObject(value) && Array.isArray(value['collections'])) {
      return value['collections'] as Json[];
    }
    return [];
  });
}

/**
 * The mock serves these examples as collections, so each lists the media types the server
 * lists for such a collection: a writable one (the examples' requester may write those alone)
 * holds STIX 2.0 beside 2.1, a query-defined one the version read.
 */
describe('collection examples in both documents', () => {
  const writer = newApiKey();
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      collections: { feed: '', inbox: { writable: true, write: ['writer'] } },
      config: { users: { writer: { apiKeys: [writer.digest] } } },
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it.each([
    ['2.1', TAXII_21, loadBackend],
    ['2.0', TAXII_20_SPACED, loadBackend20],
  ] as const)('list in TAXII %s the media types the server lists', async (_v, accept, load) => {
    const listed = await taxiiGet(`${server.url}/threatintel/collections/`, {
      Accept: accept,
      Authorization: `Bearer ${writer.key}`,
    });
    const served = new Map(
      (listed.body.collections as Json[]).map((c) => [c['title'], c['media_types']]),
    );
    expect(served.size).toBe(2);

    const examples = await collectionExamples(load);
    expect(examples.some((c) => c['can_write'] === true)).toBe(true);
    for (const example of examples) {
      const like = example['can_write'] === true ? 'inbox' : 'feed';
      expect(example['media_types'], String(example['id'])).toEqual(served.get(like));
    }
  });
});
