import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newApiKey } from '../../src/auth/api-key.js';
import { STIX_20, TAXII_20_SPACED, TAXII_21 } from '../support/client-profiles.js';
import { startTestServer, taxiiRequest, type TestServer } from '../support/test-server.js';
import { startMockProcess, type ServerProcess } from '../e2e/support/cli-process.js';

/**
 * `taxii2-server mock` judges a posted body as the server does: what the server refuses with a
 * 400, the mock refuses with the same TAXII error, so a client tested against the mock meets
 * the server's answers.
 */
const PARTNER_SUBMISSIONS = 'f50c2e74-e331-4619-9a78-ee4b75f0aa8e';

const bundle20 = (objects: unknown) =>
  JSON.stringify({
    type: 'bundle',
    id: 'bundle--2d8c5e1a-6b3f-4c7d-9e0a-1f2b3c4d5e6f',
    spec_version: '2.0',
    objects,
  });

// [Accept, Content-Type, body]: none of them an envelope (2.1) or bundle (2.0) of STIX objects.
const MALFORMED: Array<[string, string, string]> = [
  ...['null', '"envelope"', '[1]', '{}', '{"objects":[]}', '{"objects":"x"}'].map(
    (body): [string, string, string] => [TAXII_21, TAXII_21, body],
  ),
  ...['[null]', '[1]', '[{}]', '[{"type":"indicator"}]'].map(
    (objects): [string, string, string] => [TAXII_21, TAXII_21, `{"objects":${objects}}`],
  ),
  [TAXII_20_SPACED, STIX_20, '[1]'],
  [TAXII_20_SPACED, STIX_20, bundle20([null])],
  [TAXII_20_SPACED, STIX_20, bundle20([{ type: 'indicator' }])],
];

describe('taxii2-server mock on a posted body', () => {
  const writer = newApiKey();
  let mock: ServerProcess;
  let server: TestServer;
  let serverObjects: string;

  beforeAll(async () => {
    mock = await startMockProcess();
    server = await startTestServer({
      collections: { inbox: { writable: true, write: ['writer'] } },
      config: { users: { writer: { apiKeys: [writer.digest] } } },
    });
    const listed = await taxiiRequest(`${server.url}/threatintel/collections/`, {
      headers: { Authorization: `Bearer ${writer.key}` },
    });
    const [inbox] = listed.body.collections as Array<{ id: string }>;
    serverObjects = `${server.url}/threatintel/collections/${inbox!.id}/objects/`;
  }, 60_000);

  afterAll(async () => {
    await mock.stop();
    await server.close();
  });

  const post = (url: string, [accept, contentType, body]: [string, string, string]) =>
    taxiiRequest(url, {
      method: 'POST',
      headers: {
        Accept: accept,
        'Content-Type': contentType,
        Authorization: `Bearer ${writer.key}`,
      },
      body,
    });

  it('refuses a body that is no envelope or bundle with the 400 the server gives', async () => {
    const mockObjects = `${mock.url}/threatintel/collections/${PARTNER_SUBMISSIONS}/objects/`;
    for (const request of MALFORMED) {
      const fromServer = await post(serverObjects, request);
      const fromMock = await post(mockObjects, request);
      expect(fromServer.status, request[2]).toBe(400);
      expect([request[2], fromMock.status, fromMock.headers.get('content-type')]).toEqual([
        request[2],
        400,
        request[0],
      ]);
      expect(fromMock.body, request[2]).toEqual(fromServer.body);
    }
  });

  it('still answers an unknown collection 404, another media type 415 and a well-formed body its example', async () => {
    const unknown = `${mock.url}/threatintel/collections/${crypto.randomUUID()}/objects/`;
    expect((await post(unknown, MALFORMED[0]!)).status).toBe(404);

    const objects = `${mock.url}/threatintel/collections/${PARTNER_SUBMISSIONS}/objects/`;
    expect((await post(objects, [TAXII_21, 'application/json', 'null'])).status).toBe(415);
    const ip = { type: 'ipv4-addr', id: 'ipv4-addr--cec0294c-86c8-52cc-8448-ba43593736df' };
    const taken = await post(objects, [TAXII_21, TAXII_21, JSON.stringify({ objects: [ip] })]);
    expect([taken.status, taken.body.status]).toEqual([202, 'complete']);
  });
});
