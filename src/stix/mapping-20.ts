/**
 * One stored indicator as the STIX 2.0 objects a consumer receives. It takes the steps of the
 * 2.1 mapping (mapping.ts) and differs only where STIX 2.0 does:
 *
 * - Every id holds a version 4 UUID, as 2.0 requires: the 2.1 id with its version digit set
 *   to 4 (`stix20Id`), so both versions name an object alike but for that digit.
 * - No `spec_version`, `confidence`, `pattern_type`, `pattern_version` or extensions.
 * - An indicator's `labels` are its type: the indicator-label-ov entry for the score, then
 *   its tags. Malware, Tool and Threat Actor require labels too: the tags, or `unknown`.
 * - A cyber-observable has no id and travels inside an observed-data object; in `both` mode
 *   the `based-on` relationship points from the indicator to that observed-data.
 * - Infrastructure and Location have no STIX 2.0 type; such indicators are left out.
 */
import type { StoredIndicator } from '../indicators/indicator.js';
import type { JsonValue } from './canonical-json.js';
import { indicatorTypeForScore } from './confidence.js';
import { domainObjectBody } from './domain-objects.js';
import { stix20HashName } from './hashes.js';
import { persistentId, scoId, stix20Id } from './ids.js';
import type { MappedObject } from './mapping.js';
import {
  descriptionOf,
  objectId,
  provenanceOf,
  reporter,
  unwritableValue,
  type MappingOptions,
  type Report,
} from './mapping-steps.js';
import type { Provenance, StixObject } from './objects.js';
import {
  domainObject20,
  indicator20,
  observable20,
  observedData20,
  relationship20,
} from './objects-20.js';
import { buildObservable, type Observable } from './observables.js';
import { observationPattern, type Comparison } from './pattern.js';
import { reportBody, reportLabels20 } from './report-objects.js';
import { laterOf, stixTimestamp } from './stix-time.js';
import { DOMAIN_TYPES, OBSERVABLE_TYPES, canonicalXsoarType } from './xsoar-types.js';

/** The SDO types of STIX 2.0 that indicators map to (Part 2 chapter 2). */
const STIX_20_DOMAIN_TYPES = new Set([
  'attack-pattern',
  'campaign',
  'course-of-action',
  'identity',
  'intrusion-set',
  'malware',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
]);

// The SDOs whose `labels` STIX 2.0 requires, as an open vocabulary of their kinds.
const LABELLED_TYPES = new Set(['malware', 'threat-actor', 'tool']);

/** Maps one indicator to its STIX 2.0 objects. */
export function mapIndicator20(
  indicator: StoredIndicator,
  options: MappingOptions,
): MappedObject[] {
  const report = reporter(indicator, options.warn);
  const xsoarType = canonicalXsoarType(indicator.type);
  if (xsoarType === null) return report.leftOut('indicator type has no STIX mapping');
  const unwritable = unwritableValue(indicator.value);
  if (unwritable !== null) return report.leftOut(unwritable);

  const provenance = provenanceOf(indicator, report);
  if (provenance === null) return report.leftOut('created is not a timestamp');

  if (xsoarType in OBSERVABLE_TYPES) {
    return mapObservable(indicator, xsoarType, provenance, options, report);
  }
  const stixType = DOMAIN_TYPES[xsoarType]!;
  if (!STIX_20_DOMAIN_TYPES.has(stixType)) return report.leftOut(`STIX 2.0 has no ${stixType}`);
  const notes: string[] = [];
  const made = domainObjectBody(stixType, indicator.value, indicator.customFields, notes);
  if (notes.length > 0) report.incomplete(notes);
  if (typeof made === 'string') return report.leftOut(made);
  const isReport = stixType === 'report';
  const body = isReport ? reportBody(indicator, made, provenance, '2.0') : made;

  const id = stix20Id(objectId(options.namespace, indicator, stixType, xsoarType));
  const labels = isReport
    ? reportLabels20(indicator, provenance.labels)
    : labelsFor(stixType, provenance.labels);
  const labelled = { ...provenance, labels };
  const description = descriptionOf(indicator);
  const object = domainObject20(stixType, id, labelled, body20(stixType, body), description);
  return [{ object, version: provenance.modified }];
}

function labelsFor(stixType: string, tags: string[] | undefined): string[] | undefined {
  if (!LABELLED_TYPES.has(stixType)) return tags;
  return tags ?? ['unknown'];
}

// `is_family` is 2.1's; 2.0 requires the identity class, which identity-class-ov can leave open.
function body20(stixType: string, body: Record<string, JsonValue>): Record<string, JsonValue> {
  if (stixType === 'malware') {
    const { is_family: _isFamily, ...rest } = body;
    return rest;
  }
  if (stixType === 'identity') return { identity_class: 'unknown', ...body };
  return body;
}

function mapObservable(
  indicator: StoredIndicator,
  xsoarType: string,
  provenance: Provenance,
  options: MappingOptions,
  report: Report,
): MappedObject[] {
  const outcome = buildObservable(xsoarType, indicator.value, indicator.customFields);
  if (outcome.notes.length > 0) report.incomplete(outcome.notes);
  if ('problem' in outcome) return report.leftOut(outcome.problem);

  const { observable } = outcome;
  const mode = options.modeFor(observable.type);
  const observed =
    mode === 'indicator' ? null : observedFor(indicator, observable, provenance, options);
  if (mode === 'sco' && observed === null) {
    return report.leftOut(`no ${observable.type} object can hold this value`);
  }

  const version = provenance.modified;
  const objects: MappedObject[] = [];
  const indicatorId = objectId(options.namespace, indicator, 'indicator', xsoarType);
  if (mode !== 'sco') {
    const object = indicatorSdo(indicator, stix20Id(indicatorId), observable, provenance);
    objects.push({ object, version });
  }
  if (observed === null) return objects;
  objects.push({ object: observed.object, version });

  const [sdo] = objects;
  if (mode === 'both' && sdo) {
    // The relationship id of 2.1, where it joins the indicator to the SCO itself.
    const { namespace } = options;
    const id = persistentId(namespace, 'relationship', 'based-on', indicatorId, observed.scoId);
    const [from, to] = [sdo.object.id, observed.object.id];
    const object = relationship20(stix20Id(id), provenance, 'based-on', from, to);
    objects.push({ object, version });
  }
  return objects;
}

/** The observed-data holding an observable, with the 2.1 id of its SCO, or null without one. */
function observedFor(
  indicator: StoredIndicator,
  observable: Observable,
  provenance: Provenance,
  options: MappingOptions,
): { object: StixObject; scoId: string } | null {
  if (observable.properties === null) return null;
  const sco = scoId(observable.type, observable.properties);
  if (sco === null) return null;

  const id = stix20Id(persistentId(options.namespace, 'observed-data', sco));
  const firstObserved = stixTimestamp(indicator.firstSeen) ?? provenance.created;
  const lastSeen = stixTimestamp(indicator.lastSeen) ?? provenance.modified;
  const observation = { firstObserved, lastObserved: laterOf(firstObserved, lastSeen) };
  const object = observedData20(
    id,
    provenance,
    observation,
    observable20(observable.type, observable.properties),
  );
  return { object, scoId: sco };
}

function indicatorSdo(
  indicator: StoredIndicator,
  id: string,
  observable: Observable,
  provenance: Provenance,
): StixObject {
  const validFrom = stixTimestamp(indicator.firstSeen) ?? provenance.created;
  const expiration = stixTimestamp(indicator.expiration);
  const label = indicatorTypeForScore(indicator.score);
  const body = {
    name: indicator.value,
    labels: [...new Set([label, ...(provenance.labels ?? [])])],
    pattern: observationPattern(observable.comparisons.map(comparison20), 'OR'),
    validFrom,
    // The standard requires valid_until to be later than valid_from.
    validUntil: expiration !== null && expiration > validFrom ? expiration : undefined,
  };
  return indicator20(id, provenance, body, descriptionOf(indicator));
}

// Hash names are the one part of an object path that 2.0 spells differently.
function comparison20(comparison: Comparison): Comparison {
  const [head, algorithm, ...rest] = comparison.path;
  if (head !== 'hashes' || algorithm === undefined) return comparison;
  return { ...comparison, path: [head, stix20HashName(algorithm), ...rest] };
}
