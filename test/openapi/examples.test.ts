import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenAPIBackend } from 'openapi-backend';
import { v5 as uuidv5 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';

import { createStixValidator } from '../../src/stix/validate.js';
import { OPERATION_IDS, TAXII_MEDIA_TYPE, loadBackend } from './backend-fixture.js';
import {
  collectExamples,
  isObject,
  schemaTitle,
  type FoundExample,
  type Json,
} from './collect-examples.js';

// The OASIS STIX 2.1 JSON schemas, from the shared folder that sits beside the repository.
const STIX_SCHEMAS = fileURLToPath(new URL('../../../shared/schemas/stix2.1/', import.meta.url));
const STIX_SCHEMA_BASE =
  'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';
// STIX 2.1 derives SCO ids as UUIDv5 in this namespace over their id-contributing properties.
const SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
const SCOS_IDENTIFIED_BY_VALUE = new Set(['ipv4-addr', 'ipv6-addr', 'domain-name', 'url']);

function newAjv(options: { strict: boolean; unicodeRegExp?: boolean }): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, ...options });
  addFormats.default(ajv);
  return ajv;
}

/** Loads every OASIS STIX 2.1 schema so that their relative `$ref`s resolve by `$id`. */
function loadStixSchemas(): Ajv2020 {
  // The OASIS schemas use keywords strict mode refuses and patterns with escapes (`\-`) that
  // are invalid under the `u` flag; they are theirs, so Ajv adapts to them.
  const ajv = newAjv({ strict: false, unicodeRegExp: false });
  for (const folder of ['common', 'sdos', 'sros', 'observables']) {
    for (const file of readdirSync(path.join(STIX_SCHEMAS, folder))) {
      if (!file.endsWith('.json')) continue;
      const text = readFileSync(path.join(STIX_SCHEMAS, folder, file), 'utf8');
      ajv.addSchema(JSON.parse(text) as object);
    }
  }
  return ajv;
}

function stixSchemaId(type: string): string {
  for (const folder of ['sdos', 'sros', 'observables', 'common']) {
    if (readdirSync(path.join(STIX_SCHEMAS, folder)).includes(`${type}.json`)) {
      return `${STIX_SCHEMA_BASE}${folder}/${type}.json`;
    }
  }
  throw new Error(`no OASIS STIX 2.1 schema for type ${type}`);
}

let api: OpenAPIBackend;
let examples: FoundExample[];

beforeAll(async () => {
  api = await loadBackend();
  examples = collectExamples(api.definition, '#', []);
});

describe('examples in the TAXII 2.1 document', () => {
  it('finds the examples of every operation, parameter and header', () => {
    // A floor, so that a walk that silently found nothing cannot pass the next test.
    expect(examples.length).toBeGreaterThan(60);
  });

  it('validates every example against its schema with Ajv 2020 and formats', () => {
    const ajv = newAjv({ strict: true });
    const failures = examples.flatMap(({ where, schema, value }) => {
      const validate = ajv.compile(schema);
      return validate(value) ? [] : [`${where}: ${ajv.errorsText(validate.errors)}`];
    });

    expect(failures).toEqual([]);
  });

  it.each(OPERATION_IDS)('gives every body of %s at least one named example', (operationId) => {
    const operation = api.getOperation(operationId);
    const bodies = [operation?.requestBody, ...Object.values(operation?.responses ?? {})];

    for (const body of bodies) {
      const content = (body as { content?: Json } | undefined)?.content;
      if (!content) continue;
      const media = content[TAXII_MEDIA_TYPE] as { examples?: Json } | undefined;
      expect(Object.keys(media?.examples ?? {}).length).toBeGreaterThan(0);
    }
  });
});

describe('STIX objects in the examples', () => {
  let stixObjects: Json[];

  beforeAll(() => {
    stixObjects = examples
      .filter(({ value }) => isObject(value) && Array.isArray(value['objects']))
      .filter(({ schema }) => ['envelope', 'envelope-to-add'].includes(String(schemaTitle(schema))))
      .flatMap(({ value }) => (value as { objects: Json[] }).objects);
  });

  it('include indicators and cyber-observables', () => {
    const types = new Set(stixObjects.map((object) => object['type']));

    expect(types).toContain('indicator');
    expect(types).toContain('ipv4-addr');
  });

  it('are valid STIX 2.1 by the OASIS JSON schemas', () => {
    const ajv = loadStixSchemas();
    const failures = stixObjects.flatMap((object) => {
      const id = String(object['id']);
      const validate = ajv.getSchema(stixSchemaId(String(object['type'])));
      if (!validate) return [`${id}: schema did not compile`];
      return validate(object) ? [] : [`${id}: ${ajv.errorsText(validate.errors)}`];
    });

    expect(failures).toEqual([]);
  });

  it("are valid by the server's own STIX 2.1 schemas", () => {
    const own = createStixValidator('2.1');
    const failures = stixObjects.flatMap((object) =>
      own(object).map((e) => `${String(object['id'])}: ${e}`),
    );

    expect(failures).toEqual([]);
  });

  it('carry the ids STIX derives for cyber-observables from their values', () => {
    const observables = stixObjects.filter((object) => object['type'] !== 'indicator');

    for (const object of observables) {
      const type = String(object['type']);
      expect(SCOS_IDENTIFIED_BY_VALUE.has(type), `no id rule in this test for ${type}`).toBe(true);
      const expected = uuidv5(JSON.stringify({ value: object['value'] }), SCO_NAMESPACE);
      expect(object['id']).toBe(`${type}--${expected}`);
    }
  });
});
