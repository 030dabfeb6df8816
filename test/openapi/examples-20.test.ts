import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenAPIBackend } from 'openapi-backend';
import { beforeAll, describe, expect, it } from 'vitest';

import { createStixValidator } from '../../src/stix/validate.js';
import { loadOfficialSchemas } from '../stix/official-schemas.js';
import { OPERATION_IDS_20, loadBackend20 } from './backend-fixture-20.js';
import {
  collectExamples,
  isObject,
  schemaTitle,
  type FoundExample,
  type Json,
} from './collect-examples.js';

const UUID_V4 = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const V4_ID = new RegExp(`^[a-z][a-z0-9-]+--${UUID_V4}$`);

let api: OpenAPIBackend;
let examples: FoundExample[];

beforeAll(async () => {
  api = await loadBackend20();
  examples = collectExamples(api.definition);
});

describe('examples in the TAXII 2.0 document', () => {
  it('finds the examples of every operation, parameter and header', () => {
    // A floor, so that a walk that silently found nothing cannot pass the next test.
    expect(examples.length).toBeGreaterThan(60);
  });

  it('validates every example against its schema with Ajv 2020 and formats', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const failures = examples.flatMap(({ where, schema, value }) => {
      const validate = ajv.compile(schema);
      return validate(value) ? [] : [`${where}: ${ajv.errorsText(validate.errors)}`];
    });

    expect(failures).toEqual([]);
  });

  it.each(OPERATION_IDS_20)('gives every body of %s a named example per media type', (id) => {
    const operation = api.getOperation(id);
    const bodies = [operation?.requestBody, ...Object.values(operation?.responses ?? {})];

    for (const body of bodies) {
      const content = (body as { content?: Record<string, { examples?: Json }> } | undefined)
        ?.content;
      for (const [mediaType, media] of Object.entries(content ?? {})) {
        expect(Object.keys(media.examples ?? {}).length, `${id} ${mediaType}`).toBeGreaterThan(0);
      }
    }
  });

  it('shows paging headers in the forms the server writes', () => {
    const paging = /headers\/(Content-Range|Accept-Ranges)/;
    const headers = examples.filter(({ where }) => paging.test(where));

    expect(headers.map(({ value }) => value)).toEqual(
      expect.arrayContaining(['items 0-99/1500', 'items']),
    );
  });
});

describe('STIX objects in the examples', () => {
  const official = loadOfficialSchemas('2.0');
  const own = createStixValidator('2.0');
  let bundles: Json[];
  let stixObjects: (Json & { type: string })[];

  beforeAll(() => {
    bundles = examples
      .filter(({ schema }) => ['bundle', 'bundle-to-add'].includes(String(schemaTitle(schema))))
      .map(({ value }) => value as Json);
    stixObjects = bundles.flatMap((b) => (b.objects ?? []) as (Json & { type: string })[]);
  });

  it('include an indicator, observed data and a relationship, and an empty bundle', () => {
    const types = new Set(stixObjects.map((object) => object.type));

    expect([...types].sort()).toEqual(['indicator', 'observed-data', 'relationship']);
    expect(bundles.some((bundle) => !('objects' in bundle))).toBe(true);
  });

  it("are valid STIX 2.0 by the OASIS JSON schemas and by the server's own", () => {
    const failures = stixObjects.flatMap((object) => [
      ...official.validate(object).map((e) => `${String(object.id)} (OASIS): ${e}`),
      ...own(object).map((e) => `${String(object.id)} (own): ${e}`),
    ]);

    expect(failures).toEqual([]);
  });

  it('form bundles the OASIS STIX 2.0 bundle schema accepts', () => {
    const failures = bundles.flatMap((bundle) => official.validateBundle(bundle));

    expect(failures).toEqual([]);
  });

  it('carry version 4 ids only, as STIX 2.0 requires', () => {
    const ids = [...bundles, ...stixObjects].map((object) => String(object.id));

    for (const id of ids) expect(id).toMatch(V4_ID);
  });

  it('refer only to objects the examples hold', () => {
    const ids = new Set(stixObjects.map((object) => object.id));
    const refs = stixObjects.flatMap((object) =>
      ['source_ref', 'target_ref'].filter((k) => k in object).map((k) => object[k]),
    );

    for (const ref of refs) expect(ids).toContain(ref);
    expect(refs.length).toBeGreaterThan(0);
  });
});

describe('resources in the examples', () => {
  it('list API root versions as TAXII 2.0 names them', () => {
    const apiRoots = examples.filter(({ schema }) => schemaTitle(schema) === 'api-root');

    expect(apiRoots.map(({ value }) => (value as Json).versions)).toEqual([['taxii-2.0']]);
  });

  it('give status successes and pendings as lists of ids', () => {
    const statuses = examples
      .filter(({ schema }) => schemaTitle(schema) === 'status')
      .map(({ value }) => value as Json);

    expect(statuses.length).toBeGreaterThan(0);
    for (const status of statuses) {
      for (const list of ['successes', 'pendings']) {
        for (const entry of (status[list] ?? []) as unknown[]) expect(entry).toMatch(V4_ID);
      }
    }
  });

  it('describe manifest entries by versions and media types', () => {
    const entries = examples
      .filter(({ schema }) => schemaTitle(schema) === 'manifest')
      .flatMap(({ value }) => ((value as Json).objects ?? []) as Json[]);

    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(Object.keys(entry).sort()).toEqual(['date_added', 'id', 'media_types', 'versions']);
      expect(isObject(entry)).toBe(true);
    }
  });
});
