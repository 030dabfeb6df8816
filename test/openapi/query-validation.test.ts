import type { OpenAPIBackend, Request } from 'openapi-backend';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  API_ROOT,
  COLLECTION_ID,
  OBJECT_PATH,
  OBJECTS_PATH,
  TAXII_MEDIA_TYPE,
  getRequest,
  loadBackend,
} from './backend-fixture.js';

const MANIFEST_PATH = `/${API_ROOT}/collections/${COLLECTION_ID}/manifest/`;
const VERSIONS_PATH = `${OBJECT_PATH}versions/`;

let api: OpenAPIBackend;

beforeAll(async () => {
  api = await loadBackend();
});

/** Validates a GET and returns where each error points, e.g. `/query/limit`. */
function errorsFor(path: string, query: Request['query']): string[] {
  const result = api.validateRequest({ ...getRequest(path), query });

  return (result.errors ?? []).map((error) => error.instancePath);
}

describe('request validation accepts realistic TAXII 2.1 requests', () => {
  it.each([
    ['listObjects with no filters', OBJECTS_PATH, ''],
    [
      'listObjects with every filter',
      OBJECTS_PATH,
      'added_after=2024-05-01T00:00:00.000Z&limit=100&next=eyJkIjoxNzE0fQ' +
        '&match[id]=indicator--1951358d-2fb3-4f0e-a196-ae55a2b2395c' +
        '&match[type]=indicator,malware&match[version]=last&match[spec_version]=2.1',
    ],
    ['listObjects with percent-encoded brackets', OBJECTS_PATH, 'match%5Btype%5D=indicator'],
    ['listObjects after a microsecond', OBJECTS_PATH, 'added_after=2024-05-02T08:15:30.123456Z'],
    ['listManifestRecords by type', MANIFEST_PATH, 'match[type]=ipv4-addr,domain-name&limit=1'],
    ['getObject for all versions', OBJECT_PATH, 'match[version]=all'],
    ['getObject for two versions', OBJECT_PATH, 'match[version]=2024-04-28T10:00:00.000Z,last'],
    ['listObjectVersions by spec version', VERSIONS_PATH, 'match[spec_version]=2.1&limit=10'],
  ])('accepts %s', (_name, path, query) => {
    expect(errorsFor(path, query)).toEqual([]);
  });

  it('accepts `match[type]=indicator,malware` as one comma-separated string', () => {
    expect(errorsFor(OBJECTS_PATH, 'match[type]=indicator,malware')).toEqual([]);
  });

  it('accepts a query that is already nested, as a qs-style parser leaves it', () => {
    // openapi-backend's Request type admits flat objects only, though its own parser nests.
    const nested = { match: { type: 'indicator' }, limit: '5' } as unknown as Request['query'];

    expect(errorsFor(OBJECTS_PATH, nested)).toEqual([]);
  });

  it('accepts a delete narrowed to one version', () => {
    const request = { ...getRequest(OBJECT_PATH, 'match[version]=2024-05-01T21:03:17.000Z') };

    expect(api.validateRequest({ ...request, method: 'delete' }).errors).toBeNull();
  });
});

describe('request validation rejects malformed filters', () => {
  it.each(['0', '-1', 'abc', '1.5', ''])('rejects limit=%s', (limit) => {
    expect(errorsFor(OBJECTS_PATH, `limit=${limit}`)).toContain('/query/limit');
  });

  it.each([
    'yesterday',
    '2024-05-01',
    '2024-05-01T00:00:00',
    '2024-05-01T00:00:00+02:00',
    '2024-13-01T00:00:00Z',
    '2024-02-30T00:00:00Z',
  ])('rejects added_after=%s', (addedAfter) => {
    const query = `added_after=${encodeURIComponent(addedAfter)}`;

    expect(errorsFor(OBJECTS_PATH, query)).toContain('/query/added_after');
  });

  it('rejects a repeated match[type], which arrives as an array', () => {
    const errors = errorsFor(OBJECTS_PATH, 'match[type]=indicator&match[type]=malware');

    expect(errors).toEqual(['/query/match/type']);
  });

  it.each(['match[type]=', 'match[type]=indicator,,malware', 'match[type]=,indicator'])(
    'rejects a match list with an empty item: %s',
    (query) => {
      expect(errorsFor(OBJECTS_PATH, query)).toEqual(['/query/match/type']);
    },
  );

  it('rejects a match field that TAXII does not define', () => {
    expect(errorsFor(OBJECTS_PATH, 'match[name]=evil')).toEqual(['/query/match']);
  });

  it.each([
    ['getObject', OBJECT_PATH, 'match[type]=indicator'],
    ['getObject', OBJECT_PATH, 'match[id]=indicator--1951358d-2fb3-4f0e-a196-ae55a2b2395c'],
    ['listObjectVersions', VERSIONS_PATH, 'match[version]=all'],
  ])('rejects a match field that %s does not take: %s', (_operationId, path, query) => {
    expect(errorsFor(path, query)).toEqual(['/query/match']);
  });

  it('rejects an unknown query parameter', () => {
    expect(errorsFor(OBJECTS_PATH, 'sort=desc')).toEqual(['/query']);
  });

  it('rejects match keys left flat by a parser that does not nest, so pass the raw string', () => {
    // Express 5's default ("simple") query parser produces this shape; the server must hand
    // openapi-backend the raw query string (or a qs-parsed object) instead.
    expect(errorsFor(OBJECTS_PATH, { 'match[type]': 'indicator' })).toEqual(['/query']);
  });

  it('rejects an object id that is not a STIX identifier', () => {
    expect(errorsFor(`${OBJECTS_PATH}not-an-id/`, '')).toEqual(['/path/object_id']);
  });
});

describe('addObjects bodies', () => {
  it('leaves the taxii+json body to the server: openapi-backend validates JSON bodies only', () => {
    const result = api.validateRequest({
      method: 'post',
      path: OBJECTS_PATH,
      headers: { 'content-type': TAXII_MEDIA_TYPE, accept: TAXII_MEDIA_TYPE },
      body: { objects: 'not a list' },
    });

    // If this starts failing, openapi-backend has learnt to validate vendor JSON media types
    // and the server's own envelope check can go.
    expect(result.errors).toBeNull();
  });
});
