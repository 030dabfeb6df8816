/**
 * One XSOAR indicator record (as `searchIndicators` and the indicator export give it) to an
 * IndicatorInput. XSOAR's field names are kept; what has no first-class field, including
 * every entry of `CustomFields`, lands in `customFields`.
 */
import type { IndicatorInput } from '../indicators/indicator.js';
import { readDate, readScore, readStrings, readTags, readText } from './field-values.js';
import type { ImportDefaults } from './import-types.js';
import { CHECKED_TYPES, readValue } from './read-value.js';
import { blankIndicator, union, type RecordSet } from './record-set.js';
import { typeFromLabel, xsoarTypeName } from './type-names.js';

export type Json = Record<string, unknown>;

// Fields read into first-class IndicatorInput fields (or, for `relationships`, elsewhere).
const CONSUMED = new Set([
  'indicator_type',
  'indicatorType',
  'value',
  'score',
  'CustomFields',
  'timestamp',
  'modified',
  'firstSeen',
  'lastSeen',
  'expiration',
  'sourceBrands',
  'sourceInstances',
  'trafficlightprotocol',
  'aggregatedReliability',
  'tags',
  'description',
  'stixid',
  'stix_id',
  'relationships',
]);

// XSOAR's own bookkeeping: a sort cursor (its schema says "inner use - not relevant"), a cache
// counter, and per-source caches that repeat the record's own fields.
const DROPPED = new Set(['sortValues', 'cacheVersn', 'insightCache', 'moduleToFeedMap']);

// CustomFields entries that are first-class fields under another name.
const CUSTOM_CONSUMED = new Set([
  'tags',
  'trafficlightprotocol',
  'description',
  'stixid',
  'stix_id',
]);

const DATE_FIELDS = [
  ['created', 'timestamp'],
  ['modified', 'modified'],
  ['firstSeen', 'firstSeen'],
  ['lastSeen', 'lastSeen'],
  ['expiration', 'expiration'],
] as const;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The XSOAR record inside an export element: the element itself, or its `xsoar_indicator`
 * (the XSOAR TAXII server's test data pairs each record with the STIX type it maps to).
 */
export function unwrapRecord(element: unknown): Json | null {
  if (!isObject(element)) return null;
  return isObject(element.xsoar_indicator) ? element.xsoar_indicator : element;
}

/** Maps a record, or says why it cannot be imported. */
export function readXsoarRecord(
  record: Json,
  set: RecordSet,
  defaults: ImportDefaults,
): IndicatorInput | string {
  const typed = recordTypeAndValue(record, defaults);
  if (typeof typed === 'string') return typed;

  const score = readScore(record.score);
  if (!score.ok) return score.reason;
  const indicator = blankIndicator(typed.type, typed.value, set.score(score.value));

  for (const [field, source] of DATE_FIELDS) {
    const date = readDate(record[source], source);
    if (!date.ok) return date.reason;
    indicator[field] = date.value;
  }

  const custom = isObject(record.CustomFields) ? record.CustomFields : {};
  indicator.tags = union(readTags(record.tags), readTags(custom.tags));
  indicator.sourceBrands = readStrings(record.sourceBrands);
  indicator.sourceInstances = readStrings(record.sourceInstances);
  indicator.tlp = readText(record.trafficlightprotocol ?? custom.trafficlightprotocol);
  indicator.description = readText(record.description ?? custom.description);
  indicator.aggregatedReliability = readText(record.aggregatedReliability);
  indicator.stixId = readText(record.stixid ?? record.stix_id ?? custom.stixid ?? custom.stix_id);
  indicator.customFields = customFieldsOf(record, custom, typeLabelField(record));
  return indicator;
}

/** A record's type and value; the value is canonicalized when it is valid for its type. */
export function recordTypeAndValue(record: Json, defaults: ImportDefaults) {
  const raw = typeof record.value === 'number' ? String(record.value) : record.value;
  if (typeof raw !== 'string' || raw.trim() === '') return 'record has no "value"';

  const field = typeLabelField(record);
  const label = readText(record[field]);
  const type = label === null ? defaults.type : typeName(label, field);
  if (!type) {
    const found = readValue(raw);
    if (found.ok) return { type: found.type, value: found.value };
    return `record has no "indicator_type" and ${JSON.stringify(raw)}: ${found.reason}`;
  }
  return { type, value: canonicalValue(type, raw) };
}

/**
 * XSOAR already accepted the value, so a value that does not fit its type's rules is kept as
 * written rather than refused; one that fits takes the same canonical form a list gives it.
 */
export function canonicalValue(type: string, raw: string): string {
  const value = raw.trim();
  if (!CHECKED_TYPES.has(type)) return value;
  const read = readValue(value, type, false);
  return read.ok && read.type === type && read.port === undefined ? read.value : value;
}

// A plain `type` comes from non-XSOAR tools, which may write `ip` or `domain-name`.
function typeName(label: string, field: string): string {
  return field === 'type' ? (typeFromLabel(label) ?? xsoarTypeName(label)) : xsoarTypeName(label);
}

// `type` names the indicator type only in records that lack XSOAR's own `indicator_type`.
function typeLabelField(record: Json): string {
  if (record.indicator_type !== undefined) return 'indicator_type';
  return record.indicatorType !== undefined ? 'indicatorType' : 'type';
}

function customFieldsOf(record: Json, custom: Json, typeField: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    if (!CONSUMED.has(name) && !DROPPED.has(name) && name !== typeField) fields[name] = value;
  }
  for (const [name, value] of Object.entries(custom)) {
    if (!CUSTOM_CONSUMED.has(name)) fields[name] = value;
  }
  return fields;
}
