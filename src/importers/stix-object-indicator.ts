/**
 * One STIX 2.0 or 2.1 object to an indicator: an SCO, or an indicator SDO whose pattern is one
 * comparison, becomes an observable indicator; an SDO of a type the renderer writes becomes an
 * indicator of its type. Everything else says why it is not an indicator.
 */
import type { IndicatorInput, Score } from '../indicators/indicator.js';
import { TLP_MARKING_IDS } from '../stix/markings.js';
import { DOMAIN_TYPES } from '../stix/xsoar-types.js';
import { readDate, readTags, readText } from './field-values.js';
import { blankIndicator, type RecordSet } from './record-set.js';
import { singleComparison } from './stix-comparison.js';
import { isIndicatorSco, observableValue, type ObservableValue } from './stix-observable.js';

export type StixJson = Record<string, unknown>;

/** What the rest of the bundle tells about an object: who made it. */
export interface BundleContext {
  /** Identity names by id, for `created_by_ref`. */
  identityNames: ReadonlyMap<string, string>;
}

// Limitation: a report is not imported, since its object_refs would not become its relationships.
const XSOAR_TYPE_OF_SDO = new Map(
  Object.entries(DOMAIN_TYPES)
    .filter(([, stix]) => stix !== 'report')
    .map(([x, stix]) => [stix, x]),
);

const TLP_BY_MARKING = new Map<string, string>(
  Object.entries(TLP_MARKING_IDS).map(([colour, id]) => [id, colour]),
);

/** True for an object type this converter can turn into an indicator. */
export function isConvertible(type: string): boolean {
  return type === 'indicator' || XSOAR_TYPE_OF_SDO.has(type) || isIndicatorSco(type);
}

/** The indicator an object becomes, or the reason it becomes none. */
export function stixObjectIndicator(
  object: StixJson,
  set: RecordSet,
  context: BundleContext,
): IndicatorInput | string {
  const type = String(object.type);
  if (object.revoked === true) return 'is revoked';

  const found = identify(object, type);
  if (typeof found === 'string') return found;

  const indicator = blankIndicator(found.type, found.value, set.score(scoreOf(object, type)));
  indicator.customFields = found.customFields;
  indicator.stixId = readText(object.id);
  return withCommonProperties(indicator, object, context);
}

function identify(object: StixJson, type: string): ObservableValue | string {
  if (isIndicatorSco(type)) return observableValue(type, object);
  if (type === 'indicator') return patternValue(object);

  const xsoarType = XSOAR_TYPE_OF_SDO.get(type);
  if (xsoarType === undefined) return `${type} objects are not indicators`;
  const name = readText(object.name);
  if (name === null) return `${type} has no name`;
  return { type: xsoarType, value: name, customFields: domainFields(object, type) };
}

function patternValue(object: StixJson): ObservableValue | string {
  const pattern = typeof object.pattern === 'string' ? object.pattern : '';
  const patternType = object.pattern_type ?? 'stix';
  if (patternType !== 'stix') return `pattern type ${JSON.stringify(patternType)} is not stix`;

  const comparison = singleComparison(pattern);
  if (comparison === null) return 'pattern is not one equality comparison';
  const { type, path, value } = comparison;
  const [head, algorithm] = path;

  const props =
    head === 'hashes' && path.length === 2
      ? { hashes: { [algorithm!]: value } }
      : { [head!]: value };
  if (path.length > (head === 'hashes' ? 2 : 1) || !isIndicatorSco(type)) {
    return `pattern compares ${type}:${path.join('.')}, which no indicator type holds`;
  }
  const read = observableValue(type, props);
  if (typeof read === 'string') return `pattern compares ${type}:${path.join('.')}: ${read}`;
  return read;
}

// Custom fields the renderer reads back when it writes the SDO (src/stix/domain-objects.ts).
function domainFields(object: StixJson, type: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (type === 'malware' && typeof object.is_family === 'boolean') {
    fields.ismalwarefamily = object.is_family;
  }
  if (type === 'attack-pattern') {
    const mitre = externalId(object, ATTACK_SOURCES);
    if (mitre !== null) fields.mitreid = mitre;
  }
  if (type === 'identity' && typeof object.identity_class === 'string') {
    fields.identityclass = object.identity_class;
  }
  if (type === 'location') {
    for (const [property, field] of LOCATION_FIELDS) {
      if (object[property] !== undefined) fields[field] = object[property];
    }
  }
  return fields;
}

const LOCATION_FIELDS = [
  ['region', 'region'],
  ['country', 'countrycode'],
  ['latitude', 'latitude'],
  ['longitude', 'longitude'],
] as const;

// Each ATT&CK matrix names its own source: mitre-attack, mitre-pre-attack, mitre-ics-attack, ...
const ATTACK_SOURCES = /^mitre-(?:[a-z]+-)?attack$/;

function externalId(object: StixJson, source: RegExp): string | null {
  const refs = Array.isArray(object.external_references) ? object.external_references : [];
  for (const ref of refs as StixJson[]) {
    const name = ref?.source_name;
    if (typeof name === 'string' && source.test(name) && typeof ref.external_id === 'string') {
      return ref.external_id;
    }
  }
  return null;
}

function withCommonProperties(
  indicator: IndicatorInput,
  object: StixJson,
  context: BundleContext,
): IndicatorInput | string {
  const dates = [
    ['created', 'created'],
    ['modified', 'modified'],
    ['firstSeen', 'valid_from'],
    ['expiration', 'valid_until'],
  ] as const;
  for (const [field, property] of dates) {
    const date = readDate(object[property], property);
    if (!date.ok) return date.reason;
    indicator[field] = date.value;
  }

  indicator.description = readText(object.description);
  indicator.tags = labelTags(object);
  indicator.tlp = tlpOf(object.object_marking_refs);
  const creator = context.identityNames.get(String(object.created_by_ref));
  if (creator !== undefined) indicator.sourceBrands = [creator];
  return indicator;
}

// STIX 2.0 puts an indicator's indicator types in `labels`; they give the score, not tags.
function labelTags(object: StixJson): string[] {
  const is20Indicator = object.type === 'indicator' && object.indicator_types === undefined;
  return is20Indicator ? [] : readTags(object.labels);
}

const SCORE_BY_INDICATOR_TYPE: Readonly<Record<string, Score>> = {
  'malicious-activity': 3,
  compromised: 3,
  'anomalous-activity': 2,
  anonymization: 2,
  benign: 1,
};

/** The score an indicator's types give (the worst one wins); undefined for no verdict. */
export function scoreOf(object: StixJson, type: string): Score | undefined {
  if (type !== 'indicator') return undefined;
  const types = readTags(object.indicator_types ?? object.labels);
  const scores = types.map((t) => SCORE_BY_INDICATOR_TYPE[t]).filter((s) => s !== undefined);
  return scores.length > 0 ? (Math.max(...scores) as Score) : undefined;
}

function tlpOf(refs: unknown): string | null {
  if (!Array.isArray(refs)) return null;
  for (const ref of refs) {
    const colour = typeof ref === 'string' ? TLP_BY_MARKING.get(ref) : undefined;
    if (colour !== undefined) return colour;
  }
  return null;
}
