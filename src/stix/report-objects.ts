/**
 * XSOAR Report indicators as STIX report SDOs (STIX 2.1 section 4.14, STIX 2.0 Part 2 section
 * 2.10). XSOAR keeps what a report covers as relationships from the report to other
 * indicators; the report's `object_refs` names the objects those relationships point at, by the
 * ids its relationship objects give them, and everything rendered with the report is served
 * only where every one of those objects is (`RenderedObject.targetRefs`).
 */
import type { StoredIndicator } from '../indicators/indicator.js';
import type { JsonValue } from './canonical-json.js';
import { stringField } from './custom-fields.js';
import type { MappedObject } from './mapping.js';
import type { Report } from './mapping-steps.js';
import type { Provenance, StixObject } from './objects.js';
import type { StixVersion } from './rendered.js';
import { stixTimestamp } from './stix-time.js';

type Body = Record<string, JsonValue>;

/** The report-label-ov entry for a report of no narrower kind (STIX 2.0 requires labels). */
const THREAT_REPORT = 'threat-report';

/**
 * A report's body: its name, its types (2.1) and when it was published, before what the body
 * already holds. XSOAR's Published field wins, then the first time it was seen, then `created`.
 */
export function reportBody(
  indicator: StoredIndicator,
  body: Body,
  provenance: Provenance,
  version: StixVersion,
): Body {
  const fields = indicator.customFields;
  const published =
    stixTimestamp(stringField(fields, 'published')) ??
    stixTimestamp(indicator.firstSeen) ??
    provenance.created;
  const types = reportTypes(fields);
  const { name, ...rest } = body;
  if (version === '2.0') return { name: name!, published, ...rest };
  return { name: name!, ...(types.length > 0 ? { report_types: types } : {}), published, ...rest };
}

/** A 2.0 report's labels, which 2.0 requires: the tags, else its types, else `threat-report`. */
export function reportLabels20(indicator: StoredIndicator, tags: string[] | undefined): string[] {
  if (tags !== undefined && tags.length > 0) return tags;
  const types = reportTypes(indicator.customFields);
  return types.length > 0 ? types : [THREAT_REPORT];
}

/** XSOAR's Report Type field (comma-separated) as report-type-ov terms. */
function reportTypes(fields: Readonly<Record<string, unknown>>): string[] {
  const text = stringField(fields, 'reporttype') ?? '';
  const terms = text.split(',').map((t) =>
    t
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, '-'),
  );
  return [...new Set(terms.filter((t) => t !== ''))];
}

/**
 * The objects rendered for an indicator, with a report's `object_refs` filled from its
 * relationship objects: the distinct targets they name, sorted so that the order in which the
 * source listed the relationships leaves the bytes alone. The report and its relationships
 * carry those targets as `targetRefs`, so a collection serves them only when it holds them
 * all. A report that names no object cannot form a valid report (object_refs is required and
 * non-empty) and is left out with its relationships. Other indicators' objects pass unchanged.
 */
export function withReportContents(objects: MappedObject[], report: Report): MappedObject[] {
  const [first] = objects;
  if (first?.object.type !== 'report') return objects;

  const refs = [...new Set(objects.flatMap((o) => (o.targetRef ? [o.targetRef] : [])))].sort();
  if (refs.length === 0) {
    return report.leftOut('a report needs a relationship to an object for its object_refs');
  }
  return objects.map((o) => {
    if (o.shared) return o;
    const object = o === first ? withObjectRefs(o.object, refs) : o.object;
    return { ...o, object, targetRefs: refs };
  });
}

// object_refs follows published, as the specification lists a report's properties.
function withObjectRefs(report: StixObject, refs: string[]): StixObject {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(report)) {
    out[key] = value;
    if (key === 'published') out.object_refs = refs;
  }
  return out as StixObject;
}
