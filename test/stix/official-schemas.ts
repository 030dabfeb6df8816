/**
 * The official OASIS STIX 2.1 and 2.0 JSON schemas (copies under shared/schemas), for
 * tests only: every file registered by its $id, objects validated by the schema of their type.
 * Both sets declare draft 2020-12, so one loader serves both.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { join } from 'node:path';
import { domainToASCII } from 'node:url';

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

import { describeSchemaErrors } from '../../src/schema/json-schemas.js';
import { SHARED } from '../support/shared-data.js';

const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

export const OFFICIAL_SCHEMA_DIR = join(SHARED, 'schemas', 'stix2.1');

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
const DRAFT_2020_12_ALIAS = /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;

/** Where each STIX version's official schemas are. */
export const OFFICIAL_SCHEMA_DIRS = {
  '2.0': join(SHARED, 'schemas', 'stix2.0'),
  '2.1': OFFICIAL_SCHEMA_DIR,
} as const;

export interface OfficialSchemas {
  /** The problems the official schema of the object's type finds; none when it is valid. */
  validate(object: { type: string }): string[];
  /** The problems the official bundle schema finds in a whole bundle; none when it is valid. */
  validateBundle(bundle: object): string[];
  /** Files left unregistered because their $id repeats another file's. */
  duplicates: string[];
}

export function loadOfficialSchemas(version: '2.0' | '2.1' = '2.1'): OfficialSchemas {
  const dir = OFFICIAL_SCHEMA_DIRS[version];
  // The official patterns are written for Python's re module and use no Unicode flag; the
  // files use draft-07 keywords such as `definitions`, which strict mode would refuse.
  const ajv = new Ajv2020({ strict: false, unicodeRegExp: false, allErrors: true, logger: false });
  addFormats(ajv);
  // ajv-formats has no `idn-hostname`; without one Ajv would ignore the format (with a warning).
  ajv.addFormat('idn-hostname', { validate: isIdnHostname });
  if (version === '2.0') {
    // The 2.0 address objects hold "one or more addresses expressed using CIDR notation"
    // (STIX 2.0 Part 4 sections 2.6 and 2.7), yet their schemas say `format: ipv4`/`ipv6`,
    // which plain formats read as single addresses only; the formats follow the text here.
    ajv.addFormat('ipv4', { validate: (v: string) => withPrefix(v, isIPv4, 32) });
    ajv.addFormat('ipv6', { validate: (v: string) => withPrefix(v, isIPv6, 128) });
  }

  const ids = new Map<string, string>();
  const duplicates: string[] = [];
  for (const file of schemaFiles(dir)) {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { $id: string; $schema?: string };
    // The 2.0 files name draft 2020-12 as `http://json-schema.org/draft/2020-12/schema#`, a
    // spelling of the same dialect that Ajv does not recognise; give it the canonical one.
    if (schema.$schema !== undefined && DRAFT_2020_12_ALIAS.test(schema.$schema)) {
      schema.$schema = DRAFT_2020_12;
    }
    if ([...ids.values()].includes(schema.$id)) {
      duplicates.push(file);
      continue;
    }
    ajv.addSchema(schema);
    ids.set(file, schema.$id);
  }

  const cache = new Map<string, ValidateFunction>();
  const validatorFor = (type: string): ValidateFunction => {
    const file = ['sdos', 'sros', 'observables', 'common']
      .map((folder) => join(dir, folder, `${type}.json`))
      .find((f) => ids.has(f));
    if (!file) throw new Error(`no official schema for ${type}`);
    if (!cache.has(type)) cache.set(type, ajv.getSchema(ids.get(file)!)!);
    return cache.get(type)!;
  };

  return {
    validate(object) {
      const validate = validatorFor(object.type);
      return validate(object) ? [] : describeSchemaErrors(validate.errors);
    },
    validateBundle(bundle) {
      const validate = validatorFor('bundle');
      return validate(bundle) ? [] : describeSchemaErrors(validate.errors);
    },
    duplicates,
  };
}

/** A host name in Unicode or punycode (RFC 5890): its ASCII form must be a valid host name. */
export function isIdnHostname(value: string): boolean {
  const ascii = domainToASCII(value);
  if (ascii === '' || ascii.length > 253) return false;
  return ascii
    .replace(/\.$/, '')
    .split('.')
    .every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(label));
}

function withPrefix(value: string, isAddress: (text: string) => boolean, bits: number): boolean {
  const [address = '', prefix, ...more] = value.split('/');
  if (more.length > 0 || !isAddress(address)) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
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
