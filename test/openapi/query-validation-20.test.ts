import type { OpenAPIBackend, Request } from 'openapi-backend';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  MANIFEST_PATH_20,
  OBJECT_PATH_20,
  OBJECTS_PATH_20,
  STIX_20,
  TAXII_20,
  getRequest20,
  loadBackend20,
} from './backend-fixture-20.js';

let api: OpenAPIBackend;

beforeAll(async () => {
  api = await loadBackend20();
});

/** Validates a GET and returns where each error points, e.g. `/query/added_after`. */
function errorsFor(path: string, query: Request['query'], range?: string): string[] {
  const headers: Record<string, string> = range === undefined ? {} : { range };
  const result = api.validateRequest({ ...getRequest20(path, '', headers), query });

  return (result.errors ?? []).map((error) => error.instancePath);
}

describe('request validation accepts realistic TAXII 2.0 requests', () => {
  it.each([
    ['listObjects with no filters', OBJECTS_PATH_20, ''],
    [
      'listObjects with every filter',
      OBJECTS_PATH_20,
      'added_after=2024-05-01T00:00:00.000Z' +
        '&match[id]=indicator--1951358d-2fb3-4f0e-a196-ae55a2b2395c' +
        '&match[type]=indicator,malware&match[version]=last',
    ],
    ['listObjects with percent-encoded brackets', OBJECTS_PATH_20, 'match%5Btype%5D=indicator'],
    ['listManifestRecords by type', MANIFEST_PATH_20, 'match[type]=indicator,observed-data'],
    ['getObject for all versions', OBJECT_PATH_20, 'match[version]=all'],
    ['getObject for two versions', OBJECT_PATH_20, 'match[version]=2024-04-28T10:00:00.000Z,last'],
  ])('accepts %s', (_name, path, query) => {
    expect(errorsFor(path, query)).toEqual([]);
  });

  it.each(['items 0-99', 'items=0-99', 'items=100-', 'items 99-0', 'garbage'])(
    'accepts the Range header %j and leaves reading it to the server',
    (range) => {
      expect(errorsFor(OBJECTS_PATH_20, '', range)).toEqual([]);
    },
  );
});

describe('request validation rejects what TAXII 2.0 does not define', () => {
  it.each(['limit=10', 'next=abc'])('rejects the 2.1 paging parameter in %s', (query) => {
    expect(errorsFor(OBJECTS_PATH_20, query)).toEqual(['/query']);
  });

  it('rejects match[spec_version], which came with TAXII 2.1', () => {
    expect(errorsFor(OBJECTS_PATH_20, 'match[spec_version]=2.0')).toEqual(['/query/match']);
  });

  it.each([
    ['getObject', OBJECT_PATH_20, 'match[type]=indicator'],
    ['getObject', OBJECT_PATH_20, 'added_after=2024-05-01T00:00:00Z'],
  ])('rejects a filter that %s does not take: %s', (_operationId, path, query) => {
    expect(errorsFor(path, query).length).toBeGreaterThan(0);
  });

  it.each(['yesterday', '2024-05-01', '2024-05-01T00:00:00+02:00', '2024-02-30T00:00:00Z'])(
    'rejects added_after=%s',
    (addedAfter) => {
      const query = `added_after=${encodeURIComponent(addedAfter)}`;

      expect(errorsFor(MANIFEST_PATH_20, query)).toContain('/query/added_after');
    },
  );

  it.each(['match[type]=', 'match[type]=indicator,,malware'])(
    'rejects a match list with an empty item: %s',
    (query) => {
      expect(errorsFor(OBJECTS_PATH_20, query)).toEqual(['/query/match/type']);
    },
  );

  it('rejects a repeated match[type], which arrives as an array', () => {
    const errors = errorsFor(OBJECTS_PATH_20, 'match[type]=indicator&match[type]=malware');

    expect(errors).toEqual(['/query/match/type']);
  });

  it('rejects an object id that is not a STIX identifier', () => {
    expect(errorsFor(`${OBJECTS_PATH_20}not-an-id/`, '')).toEqual(['/path/object_id']);
  });
});

describe('addObjects bodies', () => {
  it('leaves the STIX bundle to the server: openapi-backend validates JSON bodies only', () => {
    const result = api.validateRequest({
      method: 'post',
      path: OBJECTS_PATH_20,
      headers: { 'content-type': STIX_20, accept: TAXII_20 },
      body: { type: 'bundle', objects: 'not a list' },
    });

    // If this starts failing, openapi-backend has learnt to validate vendor JSON media types
    // and the server's own bundle check can go.
    expect(result.errors).toBeNull();
  });
});
