/**
 * Validation of emitted STIX against the project's own schemas, one per object type: STIX 2.1
 * in `openapi/schemas/stix/`, STIX 2.0 in its `stix-2.0/` folder. Each version's schemas are
 * read and compiled once per process, on first use.
 */
import { readFileSync, readdirSync } from 'node:fs';

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

import { packageFile } from '../package-files.js';
import { describeSchemaErrors } from '../schema/json-schemas.js';
import type { StixVersion } from './rendered.js';

/** Checks one STIX object; returns the problems found, none when it is valid. */
export type StixValidator = (object: unknown) => string[];

// Files that define shared parts rather than an object type.
const SHARED_SCHEMAS = new Set(['common.json', 'observables.json']);

const SCHEMA_DIRS: Readonly<Record<StixVersion, string[]>> = {
  '2.0': ['openapi', 'schemas', 'stix', 'stix-2.0'],
  '2.1': ['openapi', 'schemas', 'stix'],
};

const compiled = new Map<StixVersion, ReadonlyMap<string, ValidateFunction>>();

/** A validator for every object type the renderer emits in `version`, dispatching on `type`. */
export function createStixValidator(version: StixVersion = '2.1'): StixValidator {
  const byType = compiled.get(version) ?? compileSchemas(packageFile(...SCHEMA_DIRS[version]));
  compiled.set(version, byType);

  return (object) => {
    const type = isRecord(object) ? object.type : undefined;
    if (typeof type !== 'string') return ['(top level): has no type'];

    const validate = byType.get(type);
    if (!validate) return [`(top level): no schema for STIX type ${JSON.stringify(type)}`];
    return validate(object) ? [] : describeSchemaErrors(validate.errors);
  };
}

// Each schema's $id ends in its file name, so the relative references between the files
// resolve once all of them are registered. strictRequired is off because `anyOf` branches
// that only list required members (one of id, url, description) are the intended idiom.
function compileSchemas(dir: string): ReadonlyMap<string, ValidateFunction> {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);

  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const ids = new Map<string, string>();
  for (const file of files) {
    const schema = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as { $id?: string };
    if (typeof schema.$id !== 'string') throw new Error(`${dir}/${file}: the schema has no $id`);
    ajv.addSchema(schema);
    ids.set(file, schema.$id);
  }

  const byType = new Map<string, ValidateFunction>();
  for (const file of files.filter((f) => !SHARED_SCHEMAS.has(f))) {
    const validate = ajv.getSchema(ids.get(file)!);
    if (!validate) throw new Error(`${dir}/${file}: the schema did not compile`);
    byType.set(file.replace(/\.json$/, ''), validate);
  }
  return byType;
}

// ajv-formats is CommonJS; under NodeNext its plugin arrives as the default's default.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
