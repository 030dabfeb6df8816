import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newApiKey } from '../../src/auth/api-key.js';
import { startTestServer, TAXII, taxiiRequest, type TestServer } from '../support/test-server.js';

const writer = newApiKey();
const HOUR_MS = 3600 * 1000;

describe('status retention', () => {
  let server: TestServer;
  let nowMs = Date.parse('2030-01-01T00:00:00Z');
  let objectsUrl: string;
  let root: string;
  const auth = { Authorization: `Bearer ${writer.key}` };

  beforeAll(async () => {
    server = await startTestServer({
      collections: { inbox: { writable: true, write: ['writer'] } },
      flags: { 'status-retention-hours': '48' },
      config: { users: { writer: { apiKeys: [writer.digest] } } },
      clock: () => nowMs,
    });
    root = `${server.url}/threatintel`;
    const listed = await taxiiRequest(`${root}/collections/`, { headers: auth });
    objectsUrl = `${root}/collections/${listed.body.collections[0].id}/objects/`;
  });

  afterAll(async () => {
    await server.close();
  });

  const post = async (n: number) => {
    const answer = await taxiiRequest(objectsUrl, {
      method: 'POST',
      headers: { 'Content-Type': TAXII, ...auth },
      body: JSON.stringify({
        objects: [
          {
            type: 'note',
            spec_version: '2.1',
            id: `note--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
            created: '2029-12-31T00:00:00.000Z',
            content: `note ${n}`,
          },
        ],
      }),
    });
    expect(answer.status).toBe(202);
    return answer.body.id as string;
  };
  const statusOf = async (id: string) =>
    (await taxiiRequest(`${root}/status/${id}/`, { headers: auth })).status;

  it('keeps a status for the configured hours, past the 24-hour minimum, then forgets it', async () => {
    const first = await post(1);
    nowMs += 30 * HOUR_MS;
    // Each add request removes the statuses whose time has passed.
    await post(2);
    expect(await statusOf(first)).toBe(200);

    nowMs += 19 * HOUR_MS;
    await post(3);
    expect(await statusOf(first)).toBe(404);
  });
});
