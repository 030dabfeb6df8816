/**
 * The XSOAR property extension (STIX 2.1 section 7.3): chosen indicator fields carried on each
 * object an indicator becomes, in the shape of an XSOAR indicator export, under the
 * extension-definition of the indicator's type. The definitions and the identity that
 * creates them are fixed objects with ids derived in the product namespace, so every
 * installation names them alike; the store serves them as shared objects (shared-objects.ts).
 */
import { readFileSync } from 'node:fs';

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

import type { StoredIndicator } from '../indicators/indicator.js';
import { packageFile } from '../package-files.js';
import { addFormats, describeSchemaErrors } from '../schema/json-schemas.js';
import type { JsonValue } from './canonical-json.js';
import { PRODUCT_NAMESPACE, persistentId } from './ids.js';
import type { StixObject } from './objects.js';

/** The indicator fields the extension carries: named ones, or every field. */
export type ExtensionFields = readonly string[] | 'all';

const SCHEMA_PATH = ['openapi', 'schemas', 'xsoar', 'XSOAR_indicator_schema.json'] as const;

// Fixed, so the definitions and their identity serialize to the same bytes everywhere.
const DEFINED = '2024-01-01T00:00:00.000Z';

/** The identity that creates the extension definitions: this product. */
export const PRODUCT_IDENTITY_ID = persistentId(PRODUCT_NAMESPACE, 'identity', 'taxii2-server');

export function productIdentity(): StixObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: PRODUCT_IDENTITY_ID,
    created: DEFINED,
    modified: DEFINED,
    name: 'taxii2-server',
    identity_class: 'system',
  };
}

/** The id of the extension definition for indicators of one XSOAR type (canonical spelling). */
export function extensionDefinitionId(xsoarType: string): string {
  return persistentId(PRODUCT_NAMESPACE, 'extension-definition', 'xsoar-indicator', xsoarType);
}

export function extensionDefinition(xsoarType: string, schemaId: string): StixObject {
  return {
    type: 'extension-definition',
    spec_version: '2.1',
    id: extensionDefinitionId(xsoarType),
    created_by_ref: PRODUCT_IDENTITY_ID,
    created: DEFINED,
    modified: DEFINED,
    name: `XSOAR ${xsoarType} indicator`,
    description: `Fields of the Cortex XSOAR ${xsoarType} indicator this object was made from.`,
    schema: schemaId,
    version: '1.0',
    extension_types: ['property-extension'],
  };
}

/**
 * The indicator's fields in XSOAR's export names: the named ones, or all. A name that is not
 * a field of the export is looked up among the custom fields, which travel in `CustomFields`.
 */
export function extensionPayload(
  indicator: StoredIndicator,
  fields: ExtensionFields,
): Record<string, JsonValue> {
  const exported = exportFields(indicator);
  const custom = customFields(indicator);
  if (fields === 'all')
    return { ...exported, ...(isEmpty(custom) ? {} : { CustomFields: custom }) };

  const payload: Record<string, JsonValue> = {};
  const chosen: Record<string, JsonValue> = {};
  for (const name of fields) {
    if (name in exported) payload[name] = exported[name]!;
    else if (name in custom) chosen[name] = custom[name]!;
  }
  if (!isEmpty(chosen)) payload.CustomFields = chosen;
  return payload;
}

function exportFields(indicator: StoredIndicator): Record<string, JsonValue> {
  const fields: Record<string, JsonValue | null> = {
    indicator_type: indicator.type,
    value: indicator.value,
    score: indicator.score,
    timestamp: indicator.created,
    modified: indicator.modified,
    firstSeen: indicator.firstSeen,
    lastSeen: indicator.lastSeen,
    expiration: indicator.expiration,
    sourceBrands: indicator.sourceBrands,
    sourceInstances: indicator.sourceInstances,
    aggregatedReliability: indicator.aggregatedReliability,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)) as Record<
    string,
    JsonValue
  >;
}

// XSOAR keeps tags, TLP and description among the custom fields; the store keeps them apart.
function customFields(indicator: StoredIndicator): Record<string, JsonValue> {
  const fields = { ...(indicator.customFields as Record<string, JsonValue>) };
  if (indicator.tags.length > 0) fields.tags ??= indicator.tags;
  if (indicator.tlp) fields.trafficlightprotocol ??= indicator.tlp;
  if (indicator.description) fields.description ??= indicator.description;
  return fields;
}

function isEmpty(record: object): boolean {
  return Object.keys(record).length === 0;
}

/** The XSOAR indicator schema, compiled: its `$id` and a check of one payload. */
export interface XsoarIndicatorSchema {
  readonly schemaId: string;
  /** The problems the schema finds in a payload; none when it is valid. */
  check(payload: unknown): string[];
}

let compiled: XsoarIndicatorSchema | null = null;

/** The XSOAR indicator schema, read and compiled on the first call of the process only. */
export function xsoarIndicatorSchema(): XsoarIndicatorSchema {
  if (compiled !== null) return compiled;
  const schema = JSON.parse(readFileSync(packageFile(...SCHEMA_PATH), 'utf8')) as { $id: string };
  // Not strict: the schema is XSOAR's own, written for readers rather than for strict mode.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate: ValidateFunction = ajv.compile(schema);
  compiled = {
    schemaId: schema.$id,
    check: (payload) => (validate(payload) ? [] : describeSchemaErrors(validate.errors)),
  };
  return compiled;
}
