import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenAPIBackend } from 'openapi-backend';
import { v5 as uuidv5 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';

import { createStixValidator } from '../../src/stix/validate.js';
import { loadOfficialSchemas } from '../stix/official-schemas.js';
import { OPERATION_IDS, TAXII_MEDIA_TYPE, loadBackend } from './backend-fixture.js';
import {
  collectExamples,
  isObject,
  schemaTitle,
  type FoundExample,
  type Json,
} from './collect-examples.js';

// STIX 2.1 derives SCO ids as UUIDv5 in this namespace over their id-contributing properties.
const SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
const SCOS_IDENTIFIED_BY_VALUE = new Set(['ipv4-addr', 'ipv6-addr', 'domain-name', 'url']);

function newAjv(options: { strict: boolean; unicodeRegExp?: boolean }): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, ...options });
  addFormats.default(ajv);
  return ajv;
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
    const official = loadOfficialSchemas('2.1');
    const failures = stixObjects.flatMap((object) =>
      official.validate(object as { type: string }).map((e) => `${String(object['id'])}: ${e}`),
    );

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
