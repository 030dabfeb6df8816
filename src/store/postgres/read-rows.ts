/** Reads stored indicators back as rows, in key order: for rendering a new profile and dumps. */
import type pg from 'pg';

import type { Score } from '../../indicators/indicator.js';
import type { IndicatorRow } from '../indicator-record.js';
import type { StoredObject } from '../store.js';

export interface KeyedRow {
  key: number;
  dateAdded: number;
  row: IndicatorRow;
}

interface Row {
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
  custom_fields_text: string;
  relationships: string;
  content_hash: string;
  date_added: number;
  tags: string[];
  brands: string[];
  instances: string[];
}

// Element order is the columns' "C" collation: byte order, as SQLite's BINARY reads them back.
const SELECT_ROWS = `
  SELECT i.key, i.type, i.value, i.score, i.created, i.modified, i.first_seen, i.last_seen,
    i.expiration, i.tlp, i.description, i.aggregated_reliability, i.stix_id,
    i.custom_fields_text, i.relationships, i.content_hash, i.date_added,
    ARRAY(SELECT t.tag FROM indicator_tags t WHERE t.indicator = i.key ORDER BY t.tag) AS tags,
    ARRAY(SELECT s.name FROM indicator_sources s WHERE s.indicator = i.key AND s.kind = 'brand'
      ORDER BY s.name) AS brands,
    ARRAY(SELECT s.name FROM indicator_sources s WHERE s.indicator = i.key AND s.kind = 'instance'
      ORDER BY s.name) AS instances
  FROM indicators i`;

/** Up to `limit` indicators with keys above `after`. */
export function readRowBatch(
  client: pg.ClientBase | pg.Pool,
  after: number,
  limit: number,
): Promise<KeyedRow[]> {
  return readRowsWhere(client, 'i.key > $1', [after], limit);
}

/**
 * Up to `limit` indicators in key order that `where` selects; its placeholders are numbered
 * from $1, and the limit follows them.
 */
export async function readRowsWhere(
  client: pg.ClientBase | pg.Pool,
  where: string,
  params: readonly unknown[],
  limit: number,
): Promise<KeyedRow[]> {
  const sql = `${SELECT_ROWS} WHERE ${where} ORDER BY i.key LIMIT $${params.length + 1}`;
  const result = await client.query<Row>(sql, [...params, limit]);
  return result.rows.map((r) => ({
    key: r.key,
    dateAdded: r.date_added,
    row: {
      type: r.type,
      value: r.value,
      score: r.score as Score,
      created: r.created,
      modified: r.modified,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      expiration: r.expiration,
      tlp: r.tlp,
      description: r.description,
      aggregatedReliability: r.aggregated_reliability,
      stixId: r.stix_id,
      tags: r.tags,
      sourceBrands: r.brands,
      sourceInstances: r.instances,
      customFields: JSON.parse(r.custom_fields_text) as Record<string, unknown>,
      relationships: JSON.parse(r.relationships) as IndicatorRow['relationships'],
      contentHash: r.content_hash,
    },
  }));
}

/** The stored objects of the given indicators, by indicator key. */
export async function readObjects(
  client: pg.ClientBase | pg.Pool,
  keys: readonly number[],
): Promise<Map<number, StoredObject[]>> {
  const result = await client.query<StoredObject & { indicator: number }>(
    'SELECT indicator, profile, object_id AS id, type, version, json, ' +
      'target_ref AS "targetRef", target_refs AS "targetRefs", date_added AS "dateAdded", ' +
      'shared FROM stix_objects ' +
      'WHERE indicator = ANY($1::bigint[]) ORDER BY indicator, profile, date_added, object_id',
    [keys],
  );
  const byKey = new Map<number, StoredObject[]>();
  for (const { indicator, ...object } of result.rows) {
    const list = byKey.get(indicator) ?? [];
    list.push(object);
    byKey.set(indicator, list);
  }
  return byKey;
}

/** The earlier versions of the given indicators' objects, by indicator key. */
export async function readEarlierVersions(
  client: pg.ClientBase | pg.Pool,
  keys: readonly number[],
): Promise<Map<number, StoredObject[]>> {
  const result = await client.query<StoredObject & { indicator: number }>(
    'SELECT indicator, profile, object_id AS id, type, version, json, ' +
      'target_ref AS "targetRef", target_refs AS "targetRefs", date_added AS "dateAdded" ' +
      'FROM stix_object_versions ' +
      'WHERE indicator = ANY($1::bigint[]) ORDER BY indicator, profile, date_added, object_id',
    [keys],
  );
  const byKey = new Map<number, StoredObject[]>();
  for (const { indicator, ...object } of result.rows) {
    const list = byKey.get(indicator) ?? [];
    list.push(object);
    byKey.set(indicator, list);
  }
  return byKey;
}
