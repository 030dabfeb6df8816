/**
 * The XSOAR indicator records found in the shared fixtures, as the StoredIndicator objects the
 * store would hand the renderer. A record is any JSON object with a string `indicator_type`
 * and `value`, wherever it sits: a top-level `iocs` list, an `xsoar_indicator` wrapper, or the
 * XSOAR extension of an exported STIX object.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Score, StoredIndicator } from '../../src/indicators/indicator.js';
import { formatTimestamp, parseTimestamp } from '../../src/time/microseconds.js';
import { SHARED } from '../support/shared-data.js';

export const FIXTURE_DIRS = [
  join(SHARED, 'data', 'xsoar'),
  join(SHARED, 'data', 'real', 'demisto-content'),
];

export interface FixtureIndicator {
  file: string;
  indicator: StoredIndicator;
}

/** Every indicator record of every fixture file, in file order. */
export function fixtureIndicators(): FixtureIndicator[] {
  const found: FixtureIndicator[] = [];
  for (const dir of FIXTURE_DIRS) {
    for (const name of readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const file = join(dir, name);
      for (const record of indicatorRecords(JSON.parse(readFileSync(file, 'utf8')))) {
        found.push({ file, indicator: storedIndicator(record, found.length + 1) });
      }
    }
  }
  return found;
}

function indicatorRecords(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(indicatorRecords);
  if (typeof node !== 'object' || node === null) return [];

  const record = node as Record<string, unknown>;
  const isIndicator = typeof record.indicator_type === 'string' && typeof record.value === 'string';
  if (isIndicator) return [record];
  return Object.values(record).flatMap(indicatorRecords);
}

/** An XSOAR export record as the store keeps it: dates normalized, Go's zero time as none. */
export function storedIndicator(record: Record<string, unknown>, key: number): StoredIndicator {
  const fields = (record.CustomFields ?? {}) as Record<string, unknown>;
  const created = isoDate(record.timestamp) ?? isoDate(record.modified)!;
  return {
    key,
    type: record.indicator_type as string,
    value: record.value as string,
    score: (typeof record.score === 'number' ? record.score : 0) as Score,
    created,
    modified: isoDate(record.modified) ?? created,
    firstSeen: isoDate(record.firstSeen),
    lastSeen: isoDate(record.lastSeen),
    expiration: isoDate(record.expiration),
    tags: stringList(fields.tags),
    sourceBrands: stringList(record.sourceBrands),
    sourceInstances: stringList(record.sourceInstances),
    tlp: typeof fields.trafficlightprotocol === 'string' ? fields.trafficlightprotocol : null,
    description: typeof fields.description === 'string' ? fields.description : null,
    aggregatedReliability:
      typeof record.aggregatedReliability === 'string' ? record.aggregatedReliability : null,
    stixId: typeof fields.stixid === 'string' ? fields.stixid : null,
    customFields: fields,
    relationships: [],
    dateAdded: key,
  };
}

// parseTimestamp refuses year 1 (XSOAR's "never"), which is what the store does with it too.
function isoDate(value: unknown): string | null {
  const micros = typeof value === 'string' ? parseTimestamp(value) : null;
  return micros === null ? null : formatTimestamp(micros);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
