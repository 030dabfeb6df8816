import { describe, expect, expectTypeOf, it } from 'vitest';

import type { components, operations } from '../../generated/taxii-2.1.js';
import { OBJECTS_PATH, getRequest, loadBackend } from './backend-fixture.js';

type ListObjectsQuery = NonNullable<operations['listObjects']['parameters']['query']>;
type Match = NonNullable<ListObjectsQuery['match']>;

describe('generated/taxii-2.1.ts', () => {
  it('types the listObjects query parameters, with match as a nested object', () => {
    expectTypeOf<keyof ListObjectsQuery>().toEqualTypeOf<
      'added_after' | 'limit' | 'next' | 'match'
    >();
    expectTypeOf<ListObjectsQuery['limit']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ListObjectsQuery['added_after']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<keyof Match>().toEqualTypeOf<'id' | 'type' | 'version' | 'spec_version'>();
    expectTypeOf<Match['type']>().toEqualTypeOf<string | undefined>();
  });

  it('types the envelope a listObjects 200 carries', () => {
    type Ok = operations['listObjects']['responses'][200]['content'];
    type Envelope = Ok['application/taxii+json;version=2.1'];

    expectTypeOf<Envelope>().toEqualTypeOf<components['schemas']['envelope']>();
    expectTypeOf<NonNullable<Envelope['objects']>[number]['id']>().toEqualTypeOf<string>();
  });

  it('describes a query that the document also accepts at run time', async () => {
    const query: ListObjectsQuery = {
      added_after: '2024-05-01T00:00:00.000Z',
      limit: 25,
      match: { type: 'indicator,malware', spec_version: '2.1' },
    };
    const search = new URLSearchParams({
      added_after: query.added_after ?? '',
      limit: String(query.limit),
      ...Object.fromEntries(Object.entries(query.match ?? {}).map(([k, v]) => [`match[${k}]`, v])),
    });
    const api = await loadBackend();

    const result = api.validateRequest(getRequest(OBJECTS_PATH, search.toString()));

    expect(result.errors).toBeNull();
  });
});
