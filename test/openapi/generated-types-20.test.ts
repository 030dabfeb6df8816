import { describe, expect, expectTypeOf, it } from 'vitest';

import type { components, operations } from '../../generated/taxii-2.0.js';
import { OBJECTS_PATH_20, getRequest20, loadBackend20 } from './backend-fixture-20.js';

type ListObjectsParameters = operations['listObjects']['parameters'];
type ListObjectsQuery = NonNullable<ListObjectsParameters['query']>;
type Match = NonNullable<ListObjectsQuery['match']>;
type Stix = 'application/vnd.oasis.stix+json; version=2.0';
type Taxii = 'application/vnd.oasis.taxii+json; version=2.0';

describe('generated/taxii-2.0.ts', () => {
  it('types the listObjects query with the 2.0 match fields and Range as a header', () => {
    expectTypeOf<keyof ListObjectsQuery>().toEqualTypeOf<'added_after' | 'match'>();
    expectTypeOf<keyof Match>().toEqualTypeOf<'id' | 'type' | 'version'>();
    expectTypeOf<NonNullable<ListObjectsParameters['header']>>().toEqualTypeOf<{
      Range?: string;
    }>();
  });

  it('types the bundle a listObjects 200 or 206 carries, under both media types', () => {
    type Whole = operations['listObjects']['responses'][200]['content'];
    type Ranged = operations['listObjects']['responses'][206]['content'];
    type Bundle = components['schemas']['bundle'];

    expectTypeOf<Whole[Stix]>().toEqualTypeOf<Bundle>();
    expectTypeOf<Whole[Taxii]>().toEqualTypeOf<Bundle>();
    expectTypeOf<Ranged[Stix]>().toEqualTypeOf<Bundle>();
    expectTypeOf<Bundle['spec_version']>().toEqualTypeOf<'2.0'>();
    expectTypeOf<NonNullable<Bundle['objects']>[number]['id']>().toEqualTypeOf<string>();
  });

  it('types the paging headers and the 416 answer', () => {
    type Headers = operations['listManifestRecords']['responses'][206]['headers'];
    type Unsatisfiable = operations['listManifestRecords']['responses'][416]['content'];

    expectTypeOf<Headers['Content-Range']>().toEqualTypeOf<string>();
    expectTypeOf<Headers['Accept-Ranges']>().toEqualTypeOf<'items'>();
    expectTypeOf<Unsatisfiable[Taxii]>().toEqualTypeOf<components['schemas']['error']>();
  });

  it('types the 2.0 resources: status lists of ids, manifest entries with versions', () => {
    type Status = components['schemas']['status'];
    type Entry = components['schemas']['manifest-entry'];

    expectTypeOf<NonNullable<Status['successes']>>().toEqualTypeOf<string[]>();
    expectTypeOf<NonNullable<Status['failures']>[number]['id']>().toEqualTypeOf<string>();
    expectTypeOf<keyof Entry>().toEqualTypeOf<'id' | 'date_added' | 'versions' | 'media_types'>();
  });

  it('describes a query that the document also accepts at run time', async () => {
    const query: ListObjectsQuery = {
      added_after: '2024-05-01T00:00:00.000Z',
      match: { type: 'indicator,malware', version: 'all' },
    };
    const search = new URLSearchParams({
      added_after: query.added_after ?? '',
      ...Object.fromEntries(Object.entries(query.match ?? {}).map(([k, v]) => [`match[${k}]`, v])),
    });
    const api = await loadBackend20();

    const result = api.validateRequest(
      getRequest20(OBJECTS_PATH_20, search.toString(), { range: 'items 0-9' }),
    );

    expect(result.errors).toBeNull();
  });
});
