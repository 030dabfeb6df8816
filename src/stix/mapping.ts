/**
 * One stored indicator as the STIX 2.1 objects a consumer receives: for an observable, an
 * indicator SDO with a pattern, the SCO, or both joined by a `based-on` relationship; for
 * anything else, the SDO of its type. Values that cannot form a valid object are reported
 * through `warn` and left out; nothing here throws on bad data.
 */
import type { StoredIndicator } from '../indicators/indicator.js';
import { confidenceFor, indicatorTypeForScore } from './confidence.js';
import { domainObjectBody } from './domain-objects.js';
import { persistentId, scoId, stixIdType } from './ids.js';
import { tlpMarkingId } from './markings.js';
import { cyberObservable, domainObject, indicatorBody, relationship } from './objects.js';
import type { Provenance, StixObject } from './objects.js';
import { buildObservable, type Observable } from './observables.js';
import { observationPattern } from './pattern.js';
import { laterOf, stixTimestamp } from './stix-time.js';
import { DOMAIN_TYPES, OBSERVABLE_TYPES, canonicalXsoarType } from './xsoar-types.js';

/** What a consumer receives for one observable type. */
export type ObservableMode = 'indicator' | 'sco' | 'both';

/** A pino-style warning sink: fields first, then a short message. */
export type Warn = (fields: object, msg: string) => void;

export interface MappingOptions {
  /** The installation namespace (a UUID) that SDO and relationship ids derive from. */
  namespace: string;
  modeFor(scoType: string): ObservableMode;
  warn: Warn;
}

/** One mapped object with its TAXII version: its `modified`, or the indicator's for an SCO. */
export interface MappedObject {
  object: StixObject;
  version: string;
}

/** Maps one indicator to its STIX objects. */
export function mapIndicator(indicator: StoredIndicator, options: MappingOptions): MappedObject[] {
  const report = reporter(indicator, options.warn);
  const xsoarType = canonicalXsoarType(indicator.type);
  if (xsoarType === null) return report.leftOut('indicator type has no STIX mapping');
  if (!isWellFormed(indicator.value)) return report.leftOut('value is not well-formed Unicode');

  const provenance = provenanceOf(indicator, report);
  if (provenance === null) return report.leftOut('created is not a timestamp');

  if (xsoarType in OBSERVABLE_TYPES) {
    return mapObservable(indicator, xsoarType, provenance, options, report);
  }
  const stixType = DOMAIN_TYPES[xsoarType]!;
  const body = domainObjectBody(stixType, indicator.value, indicator.customFields);
  if (typeof body === 'string') return report.leftOut(body);

  const id = ownId(indicator, stixType) ?? stableId(options, stixType, xsoarType, indicator);
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
    const id =
      ownId(indicator, 'indicator') ?? stableId(options, 'indicator', xsoarType, indicator);
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

function provenanceOf(indicator: StoredIndicator, report: Report): Provenance | null {
  const created = stixTimestamp(indicator.created);
  if (created === null) return null;

  const markingRefs = markingsOf(indicator.tlp, report);
  const tags = indicator.tags.filter((t): t is string => typeof t === 'string');
  const labels = [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))];
  return {
    created,
    // A version is never older than the object's creation, whatever the source wrote.
    modified: laterOf(created, stixTimestamp(indicator.modified) ?? created),
    confidence: confidenceFor(indicator.score, indicator.aggregatedReliability) ?? undefined,
    labels: labels.length > 0 ? labels : undefined,
    markingRefs,
  };
}

function markingsOf(tlp: unknown, report: Report): string[] | undefined {
  if (typeof tlp !== 'string' || tlp.trim() === '') return undefined;
  const id = tlpMarkingId(tlp);
  if (id === null) report.incomplete(['tlp is not a TLP colour; the objects are left unmarked']);
  return id === null ? undefined : [id];
}

function descriptionOf(indicator: StoredIndicator): string | undefined {
  const description = indicator.description?.trim();
  return description ? description : undefined;
}

// A STIX id the source gave the indicator wins over a derived one for the object it names.
function ownId(indicator: StoredIndicator, stixType: string): string | null {
  const own = indicator.stixId?.trim() ?? '';
  return stixIdType(own) === stixType ? own : null;
}

// The stable name of an indicator's object is its XSOAR type (canonical spelling) and value.
function stableId(
  options: MappingOptions,
  stixType: string,
  xsoarType: string,
  indicator: StoredIndicator,
): string {
  return persistentId(options.namespace, stixType, xsoarType, indicator.value);
}

interface Report {
  /** Reports why nothing is rendered, and returns that nothing. */
  leftOut(reason: string): MappedObject[];
  /** Reports the parts that are left out of objects that are still rendered. */
  incomplete(notes: string[]): void;
}

function reporter(indicator: StoredIndicator, warn: Warn): Report {
  const fields = { indicator: describeIndicator(indicator) };
  return {
    leftOut(reason) {
      warn({ ...fields, reason }, 'stix object left out');
      return [];
    },
    incomplete(notes) {
      warn({ ...fields, notes }, 'stix object incomplete');
    },
  };
}

/** How a warning names an indicator: untrusted text under our own key, long values cut. */
export function describeIndicator(indicator: StoredIndicator): object {
  const { key, type, value } = indicator;
  return { key, type, value: value.length > 200 ? `${value.slice(0, 200)}…` : value };
}

function isWellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}
