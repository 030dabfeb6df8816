/**
 * Multi-row writes: each statement takes whole columns as array parameters and `unnest`s them,
 * so a batch of a thousand indicators is a handful of statements with a fixed number of
 * parameters, and the SQL text never holds a value.
 */
import type pg from 'pg';

import type { IndicatorRow } from '../indicator-record.js';
import type { StoredObject } from '../store.js';

/** An indicator row with the date it is written at; `key` only when loading a dump. */
export interface DatedRow {
  key?: number;
  row: IndicatorRow;
  dateAdded: number;
}

const ROW_COLUMNS: ReadonlyArray<readonly [name: string, type: string]> = [
  ['score', 'smallint'],
  ['created', 'bigint'],
  ['modified', 'bigint'],
  ['first_seen', 'bigint'],
  ['last_seen', 'bigint'],
  ['expiration', 'bigint'],
  ['tlp', 'text'],
  ['description', 'text'],
  ['aggregated_reliability', 'text'],
  ['stix_id', 'text'],
  ['custom_fields_text', 'text'],
  ['relationships', 'text'],
  ['content_hash', 'text'],
  ['date_added', 'bigint'],
];

function rowValues({ row, dateAdded }: DatedRow): unknown[] {
  return [
    row.score,
    row.created,
    row.modified,
    row.firstSeen,
    row.lastSeen,
    row.expiration,
    row.tlp,
    row.description,
    row.aggregatedReliability,
    row.stixId,
    JSON.stringify(row.customFields),
    JSON.stringify(row.relationships),
    row.contentHash,
    dateAdded,
  ];
}

/** Inserts rows and returns their keys, by date_added (unique, so it identifies each row). */
export async function insertRows(
  client: pg.ClientBase,
  rows: readonly DatedRow[],
): Promise<Map<number, number>> {
  if (rows.length === 0) return new Map();
  const withKeys = rows[0]!.key !== undefined;
  const columns: Array<readonly [string, string]> = [
    ...(withKeys ? [['key', 'bigint'] as const] : []),
    ['type', 'text'],
    ['value', 'text'],
    ...ROW_COLUMNS,
  ];
  const values = rows.map((r) => [
    ...(withKeys ? [r.key] : []),
    r.row.type,
    r.row.value,
    ...rowValues(r),
  ]);
  const names = columns.map(([name]) => name);
  // The JSONB column is filled from the same text that is kept beside it.
  const isCustom = (name: string): boolean => name === 'custom_fields_text';
  const selected = names.map((name) =>
    isCustom(name) ? 'u.custom_fields_text::jsonb, u.custom_fields_text' : `u.${name}`,
  );
  const targets = names.map((name) =>
    isCustom(name) ? 'custom_fields, custom_fields_text' : name,
  );

  const result = await client.query<{ key: number; date_added: number }>(
    `INSERT INTO indicators (${targets.join(', ')}) SELECT ${selected.join(', ')} ` +
      `FROM ${unnest(columns)} RETURNING key, date_added`,
    transpose(values, columns.length),
  );
  return new Map(result.rows.map((r) => [r.date_added, r.key]));
}

/** Rewrites existing rows (by key) with new content and date_added. */
export async function updateRows(
  client: pg.ClientBase,
  rows: ReadonlyArray<DatedRow & { key: number }>,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = [['key', 'bigint'] as const, ...ROW_COLUMNS];
  const assignments = ROW_COLUMNS.map(([name]) => `${name} = u.${name}`);
  assignments.push('custom_fields = u.custom_fields_text::jsonb');
  await client.query(
    `UPDATE indicators i SET ${assignments.join(', ')} FROM ${unnest(columns)} WHERE i.key = u.key`,
    transpose(
      rows.map((r) => [r.key, ...rowValues(r)]),
      columns.length,
    ),
  );
}

/** Replaces the tags and sources of the given indicators. */
export async function writeMultiValued(
  client: pg.ClientBase,
  rows: ReadonlyArray<{ key: number; row: IndicatorRow }>,
  replacing: boolean,
): Promise<void> {
  if (rows.length === 0) return;
  if (replacing) {
    const keys = rows.map((r) => r.key);
    await client.query('DELETE FROM indicator_tags WHERE indicator = ANY($1::bigint[])', [keys]);
    await client.query('DELETE FROM indicator_sources WHERE indicator = ANY($1::bigint[])', [keys]);
  }

  const tags = rows.flatMap(({ key, row }) => row.tags.map((tag) => [key, tag]));
  const sources = rows.flatMap(({ key, row }) => [
    ...row.sourceBrands.map((name) => [key, 'brand', name]),
    ...row.sourceInstances.map((name) => [key, 'instance', name]),
  ]);
  if (tags.length > 0) {
    await client.query(
      'INSERT INTO indicator_tags (indicator, tag) SELECT * FROM unnest($1::bigint[], $2::text[])',
      transpose(tags, 2),
    );
  }
  if (sources.length > 0) {
    await client.query(
      'INSERT INTO indicator_sources (indicator, kind, name) ' +
        'SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])',
      transpose(sources, 3),
    );
  }
}

/** An object to store for one indicator at its date_added. */
export interface ObjectRow {
  indicator: number;
  dateAdded: number;
  object: StoredObject;
}

const OBJECT_BATCH = 2000;

export async function insertObjects(
  client: pg.ClientBase,
  rows: readonly ObjectRow[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += OBJECT_BATCH) {
    const batch = rows
      .slice(start, start + OBJECT_BATCH)
      .map(({ indicator, dateAdded, object: o }) => [
        o.profile,
        indicator,
        o.id,
        o.type,
        o.version,
        o.dateAdded ?? dateAdded,
        o.json,
        o.targetRef ?? null,
        targetRefsColumn(o),
        o.shared ?? false,
      ]);
    // A relationship to another indicator's object takes the later date of its two ends;
    // reports are dated once the write's objects are all in place (redateReports).
    await client.query(
      'INSERT INTO stix_objects (profile, indicator, object_id, type, version, date_added, ' +
        'json, target_ref, target_refs, shared) ' +
        'SELECT u.profile, u.indicator, u.object_id, u.type, u.version, ' +
        'CASE WHEN u.target_ref IS NULL THEN u.date_added ELSE greatest(u.date_added, ' +
        '(SELECT max(s.date_added) FROM stix_objects s ' +
        'WHERE s.profile = u.profile AND s.object_id = u.target_ref)) END, u.json, u.target_ref, ' +
        'u.target_refs::jsonb, u.shared ' +
        'FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], ' +
        '$6::bigint[], $7::text[], $8::text[], $9::text[], $10::boolean[]) ' +
        'AS u(profile, indicator, object_id, type, version, date_added, json, target_ref, ' +
        'target_refs, shared) ' +
        // Two indicators can name one relationship (a shared source id); the first stays.
        'ON CONFLICT DO NOTHING',
      transpose(batch, 10),
    );
  }
}

/** Inserts earlier versions of objects as a dump carries them, each at its own date_added. */
export async function insertEarlierVersions(
  client: pg.ClientBase,
  rows: readonly ObjectRow[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += OBJECT_BATCH) {
    const batch = rows
      .slice(start, start + OBJECT_BATCH)
      .map(({ indicator, dateAdded, object: o }) => [
        o.profile,
        indicator,
        o.id,
        o.type,
        o.version,
        o.dateAdded ?? dateAdded,
        o.json,
        o.targetRef ?? null,
        targetRefsColumn(o),
      ]);
    await client.query(
      'INSERT INTO stix_object_versions ' +
        '(profile, indicator, object_id, type, version, date_added, json, target_ref, ' +
        'target_refs) SELECT u.profile, u.indicator, u.object_id, u.type, u.version, ' +
        'u.date_added, u.json, u.target_ref, u.target_refs::jsonb ' +
        'FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], ' +
        '$6::bigint[], $7::text[], $8::text[], $9::text[]) ' +
        'AS u(profile, indicator, object_id, type, version, date_added, json, target_ref, ' +
        'target_refs)',
      transpose(batch, 9),
    );
  }
}

/**
 * Moves the relationships that point at these objects up to the objects' date_added when they
 * are older: a poller resuming from an earlier date sees a relationship once both of its ends
 * are there. Call after the objects are inserted.
 */
export async function redateRelationships(
  client: pg.ClientBase,
  rows: readonly ObjectRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const any = await client.query('SELECT 1 FROM stix_objects WHERE target_ref IS NOT NULL LIMIT 1');
  if (any.rowCount === 0) return;
  const targets = rows
    .filter(({ object: o }) => !o.shared)
    .map(({ dateAdded, object: o }) => [o.profile, o.id, dateAdded]);
  await client.query(
    'UPDATE stix_objects s SET date_added = u.date_added ' +
      'FROM (SELECT profile, object_id, max(date_added) AS date_added ' +
      'FROM unnest($1::text[], $2::text[], $3::bigint[]) AS n(profile, object_id, date_added) ' +
      'GROUP BY profile, object_id) u ' +
      'WHERE s.profile = u.profile AND s.target_ref = u.object_id AND s.date_added < u.date_added ' +
      // Of copies of one relationship (a source id shared by two indicators), the newest moves.
      'AND s.date_added = (SELECT max(x.date_added) FROM stix_objects x ' +
      'WHERE x.profile = s.profile AND x.object_id = s.object_id)',
    transpose(targets, 3),
  );
}

/**
 * Dates every object that names several targets (a report and its relationships) by the latest
 * of its own date and its targets' objects', as a relationship is dated by its later end. Run
 * once a write's objects are all in place, inside its transaction: it reads every such row of
 * the store, which the partial index keeps to the reports alone.
 */
export async function redateReports(client: pg.ClientBase): Promise<void> {
  await client.query(
    'UPDATE stix_objects o SET date_added = n.latest FROM (' +
      'SELECT r.profile, r.object_id, r.date_added, max(t.date_added) AS latest ' +
      'FROM stix_objects r CROSS JOIN LATERAL jsonb_array_elements_text(r.target_refs) AS x(ref) ' +
      'JOIN stix_objects t ON t.profile = r.profile AND t.object_id = x.ref COLLATE "C" ' +
      'WHERE r.target_refs IS NOT NULL GROUP BY r.profile, r.object_id, r.date_added) n ' +
      'WHERE o.profile = n.profile AND o.object_id = n.object_id AND o.date_added = n.date_added ' +
      'AND o.date_added < n.latest ' +
      // Of copies of one object (a report id two indicators share), the newest moves, and
      // only to a date where no copy is.
      'AND o.date_added = (SELECT max(d.date_added) FROM stix_objects d ' +
      'WHERE d.profile = o.profile AND d.object_id = o.object_id) ' +
      'AND NOT EXISTS (SELECT 1 FROM stix_objects d WHERE d.profile = o.profile ' +
      'AND d.object_id = o.object_id AND d.date_added = n.latest)',
  );
}

/** The target_refs column of an object: its targets as JSON text, or null. */
function targetRefsColumn(o: Pick<StoredObject, 'targetRefs'>): string | null {
  return o.targetRefs ? JSON.stringify(o.targetRefs) : null;
}

function unnest(columns: ReadonlyArray<readonly [string, string]>): string {
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`);
  return `unnest(${arrays.join(', ')}) AS u(${columns.map(([name]) => name).join(', ')})`;
}

/** Rows of values to one array per column. */
function transpose(rows: readonly unknown[][], width: number): unknown[][] {
  const columns: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(rows.length));
  rows.forEach((row, r) => {
    for (let c = 0; c < width; c++) columns[c]![r] = row[c];
  });
  return columns;
}
