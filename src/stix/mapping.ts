/**
 * One stored indicator as the STIX 2.1 objects a consumer receives: for an observable, an
 * indicator SDO with a pattern, the SCO, or both joined by a `based-on` relationship; for
 * anything else, the SDO of its type. Values that cannot form a valid object are reported
 * through `warn` and left out; nothing here throws on bad data.
 */
import type { StoredIndicator } from '../indicators/indicator.js';
import { indicatorTypeForScore } from './confidence.js';
import { domainObjectBody } from './domain-objects.js';
import { persistentId, scoId } from './ids.js';
import {
  descriptionOf,
  objectId,
  provenanceOf,
  reporter,
  unwritableValue,
  type MappingOptions,
  type Report,
} from './mapping-steps.js';
import { cyberObservable, domainObject, indicatorBody, relationship } from './objects.js';
import type { Provenance, StixObject } from './objects.js';
import { buildObservable, type Observable } from './observables.js';
import { observationPattern } from './pattern.js';
import { reportBody } from './report-objects.js';
import { stixTimestamp } from './stix-time.js';
import { DOMAIN_TYPES, OBSERVABLE_TYPES, canonicalXsoarType } from './xsoar-types.js';

export { describeIndicator } from './mapping-steps.js';
export type { MappingOptions, ObservableMode, Warn } from './mapping-steps.js';

/** One mapped object with its TAXII version: its `modified`, or the indicator's for an SCO. */
export interface MappedObject {
  object: StixObject;
  version: string;
  /** For a relationship to another indicator's object: that object's id (see rendered.ts). */
  targetRef?: string;
  /** For a report and its relationships: every object the report names (see rendered.ts). */
  targetRefs?: string[];
  /** One copy among many indicators' renderings; a collection serves one (shared-objects.ts). */
  shared?: true;
}

/** Maps one indicator to its STIX objects. */
export function mapIndicator(indicator: StoredIndicator, options: MappingOptions): MappedObject[] {
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
  const notes: string[] = [];
  const made = domainObjectBody(stixType, indicator.value, indicator.customFields, notes);
  if (notes.length > 0) report.incomplete(notes);
  if (typeof made === 'string') return report.leftOut(made);
  const body = stixType === 'report' ? reportBody(indicator, made, provenance, '2.1') : made;

  const id = objectId(options.namespace, indicator, stixType, xsoarType);
  const object = domainObject(stixType, id, provenance, body, descriptionOf(indicator));
  return [{ object, version: provenance.modified }];
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
  const sco = mode === 'indicator' ? null : scoFor(observable, provenance);
  if (mode === 'sco' && sco === null) {
    return report.leftOut(`no ${observable.type} object can hold this value`);
  }

  const version = provenance.modified;
  const objects: MappedObject[] = [];
  if (mode !== 'sco') {
    const id = objectId(options.namespace, indicator, 'indicator', xsoarType);
    objects.push({ object: indicatorSdo(indicator, id, observable, provenance), version });
  }
  if (sco !== null) objects.push({ object: sco, version });

  const [sdo, target] = objects;
  if (mode === 'both' && sdo && target) {
    const [from, to] = [sdo.object.id, target.object.id];
    const id = persistentId(options.namespace, 'relationship', 'based-on', from, to);
    objects.push({ object: relationship(id, provenance, 'based-on', from, to), version });
  }
  return objects;
}

function scoFor(observable: Observable, provenance: Provenance): StixObject | null {
  if (observable.properties === null) return null;
  const id = scoId(observable.type, observable.properties);
  if (id === null) return null;
  return cyberObservable(observable.type, id, observable.properties, provenance.markingRefs);
}

function indicatorSdo(
  indicator: StoredIndicator,
  id: string,
  observable: Observable,
  provenance: Provenance,
): StixObject {
  const validFrom = stixTimestamp(indicator.firstSeen) ?? provenance.created;
  const expiration = stixTimestamp(indicator.expiration);
  const body = indicatorBody({
    name: indicator.value,
    indicatorType: indicatorTypeForScore(indicator.score),
    pattern: observationPattern(observable.comparisons, 'OR'),
    validFrom,
    // The standard requires valid_until to be later than valid_from.
    validUntil: expiration !== null && expiration > validFrom ? expiration : undefined,
  });
  return domainObject('indicator', id, provenance, body, descriptionOf(indicator));
}
