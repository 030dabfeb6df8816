import type { Score, StoredIndicator } from '../../indicators/indicator.js';
import { formatTimestamp } from '../../time/microseconds.js';
import type { StatementCache } from './statement-cache.js';

/** An `indicators` row with its tags and sources folded in as JSON arrays. */
export interface IndicatorColumns {
  key: number;
  type: string;
  value: string;
  score: number;
  created: number;
  modified: number;
  first_seen: number | null;
  last_seen: number | null;
  expiration: number | null;
  tlp: string | null;
  description: string | null;
  aggregated_reliability: string | null;
  stix_id: string | null;
  custom_fields: string;
  relationships: string;
  content_hash: string;
  date_added: number;
  tags: string;
  brands: string;
  instances: string;
}

const BATCH_SQL = `
  SELECT i.*,
    (SELECT json_group_array(tag) FROM
      (SELECT tag FROM indicator_tags WHERE indicator = i.key ORDER BY tag)) AS tags,
    (SELECT json_group_array(name) FROM
      (SELECT name FROM indicator_sources WHERE indicator = i.key AND kind = 'brand'
       ORDER BY name)) AS brands,
    (SELECT json_group_array(name) FROM
      (SELECT name FROM indicator_sources WHERE indicator = i.key AND kind = 'instance'
       ORDER BY name)) AS instances
  FROM indicators i WHERE i.key > ? ORDER BY i.key LIMIT ?`;

/** Reads up to `limit` indicators with keys above `after`, in key order. */
export function readIndicatorBatch(
  statements: StatementCache,
  after: number,
  limit: number,
): StoredIndicator[] {
  return readIndicatorColumns(statements, after, limit).map(toIndicator);
}

/** The raw rows behind `readIndicatorBatch`, for moving a store's content as it is. */
export function readIndicatorColumns(
  statements: StatementCache,
  after: number,
  limit: number,
): IndicatorColumns[] {
  return statements.get(BATCH_SQL).all(after, limit) as IndicatorColumns[];
}

function toIndicator(row: IndicatorColumns): StoredIndicator {
  return {
    key: row.key,
    type: row.type,
    value: row.value,
    score: row.score as Score,
    created: formatTimestamp(row.created),
    modified: formatTimestamp(row.modified),
    firstSeen: maybeFormat(row.first_seen),
    lastSeen: maybeFormat(row.last_seen),
    expiration: maybeFormat(row.expiration),
    tags: JSON.parse(row.tags) as string[],
    sourceBrands: JSON.parse(row.brands) as string[],
    sourceInstances: JSON.parse(row.instances) as string[],
    tlp: row.tlp,
    description: row.description,
    aggregatedReliability: row.aggregated_reliability,
    stixId: row.stix_id,
    customFields: JSON.parse(row.custom_fields) as Record<string, unknown>,
    relationships: JSON.parse(row.relationships) as StoredIndicator['relationships'],
    dateAdded: row.date_added,
  };
}

function maybeFormat(micros: number | null): string | null {
  return micros === null ? null : formatTimestamp(micros);
}
