/**
 * The steps that the STIX 2.1 and STIX 2.0 mappings share: what an indicator version gives
 * every object made from it, the ids of those objects, and how problems are reported. Nothing
 * here depends on the STIX version written.
 */
import type { StoredIndicator } from '../indicators/indicator.js';
import { confidenceFor } from './confidence.js';
import { persistentId, stixIdType } from './ids.js';
import { tlpMarkingId } from './markings.js';
import type { Provenance } from './objects.js';
import { laterOf, stixTimestamp } from './stix-time.js';

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

export interface Report {
  /** Reports why nothing is rendered, and returns that nothing. */
  leftOut(reason: string): [];
  /** Reports the parts that are left out of objects that are still rendered. */
  incomplete(notes: string[]): void;
}

export function reporter(indicator: StoredIndicator, warn: Warn): Report {
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

/** Why an indicator's value cannot be written at all, or null when it can. */
export function unwritableValue(value: string): string | null {
  const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  return loneSurrogate.test(value) ? 'value is not well-formed Unicode' : null;
}

/** What every object made from one indicator version shares, or null without a `created`. */
export function provenanceOf(indicator: StoredIndicator, report: Report): Provenance | null {
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

export function descriptionOf(indicator: StoredIndicator): string | undefined {
  const description = indicator.description?.trim();
  return description ? description : undefined;
}

/**
 * The id of the object an indicator becomes: a STIX id the source gave it wins when it names
 * an object of this type; otherwise a persistent id over its XSOAR type (canonical spelling)
 * and value.
 */
export function objectId(
  namespace: string,
  indicator: StoredIndicator,
  stixType: string,
  xsoarType: string,
): string {
  const own = indicator.stixId?.trim() ?? '';
  if (stixIdType(own) === stixType) return own;
  return persistentId(namespace, stixType, xsoarType, indicator.value);
}
