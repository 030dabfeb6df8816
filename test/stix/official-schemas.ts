/**
 * The official OASIS STIX 2.1 JSON schemas (a copy under /work/shared/schemas/stix2.1), for
 * tests only: every file registered by its $id, objects validated by the schema of their type.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

import { describeSchemaErrors } from '../../src/schema/json-schemas.js';

const addFormats = ((addFormatsModule as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

export const OFFICIAL_SCHEMA_DIR = '/work/shared/schemas/stix2.1';

export interface OfficialSchemas {
  /** The problems the official schema of the object's type finds; none when it is valid. */
  validate(object: { type: string }): string[];
  /** Files left unregistered because their $id repeats another file's. */
  duplicates: string[];
}

export function loadOfficialSchemas(): OfficialSchemas {
  // The official patterns are written for Python's re module and use no Unicode flag; the
  // files use draft-07 keywords such as `definitions`, which strict mode would refuse.
  const ajv = new Ajv2020({ strict: false, unicodeRegExp: false, allErrors: true, logger: false });
  addFormats(ajv);

  const ids = new Map<string, string>();
  const duplicates: string[] = [];
  for (const file of schemaFiles(OFFICIAL_SCHEMA_DIR)) {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { $id: string };
    if ([...ids.values()].includes(schema.$id)) {
      duplicates.push(file);
      continue;
    }
    ajv.addSchema(schema);
    ids.set(file, schema.$id);
  }

  const cache = new Map<string, ValidateFunction>();
  const validatorFor = (type: string): ValidateFunction => {
    const file = [
      join(OFFICIAL_SCHEMA_DIR, 'sdos', `${type}.json`),
      join(OFFICIAL_SCHEMA_DIR, 'sros', `${type}.json`),
      join(OFFICIAL_SCHEMA_DIR, 'observables', `${type}.json`),
    ].find((f) => ids.has(f));
    if (!file) throw new Error(`no official schema for ${type}`);
    if (!cache.has(type)) cache.set(type, ajv.getSchema(ids.get(file)!)!);
    return cache.get(type)!;
  };

  return {
    validate(object) {
      const validate = validatorFor(object.type);
      return validate(object) ? [] : describeSchemaErrors(validate.errors);
    },
    duplicates,
  };
}

function schemaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return schemaFiles(path);
      return entry.name.endsWith('.json') ? [path] : [];
    });
}
