/** Writing one indicator into the SQLite store: its row, tags, sources and rendered objects. */
import type { StixRenderer } from '../../stix/rendered.js';
import {
  asNewVersionOf,
  renderObjects,
  toStoredIndicator,
  type CheckedRow,
  type IndicatorRow,
} from '../indicator-record.js';
import { insertObjectRows, type RelationshipsHeld } from './object-rows.js';
import { archiveObjects, settleVersions } from './object-versions.js';
import type { TargetLookup } from '../relationship-targets.js';
import { relinkSources } from './relationship-targets.js';
import type { StatementCache } from './statement-cache.js';

/**
 * Hands out date_added values: never behind the clock, always past the last one issued, so the
 * store's collection order is strict even when the clock stalls or steps back.
 */
export class DateAddedClock {
  constructor(
    private last: number,
    private readonly now: () => number,
  ) {}

  next(): number {
    this.last = Math.max(this.now(), this.last + 1);
    return this.last;
  }
}

export interface UpsertContext {
  statements: StatementCache;
  clock: DateAddedClock;
  renderers: readonly StixRenderer[];
  /** Versions of each object kept, the latest included. */
  retention: number;
  /** What relationship targets' ids depend on, for rendering. */
  targets: TargetLookup;
  /** Which profiles hold relationships, as far as this transaction has asked (object-rows.ts). */
  relationshipsHeld: RelationshipsHeld;
}

/** Adds, updates or leaves one checked record; call inside the upsert's transaction. */
export function upsertOne(
  context: UpsertContext,
  checked: CheckedRow,
): 'added' | 'updated' | 'unchanged' {
  const { statements, clock, renderers, retention, targets, relationshipsHeld } = context;
  const incoming = checked.row;
  const existing = statements
    .get(
      'SELECT key, content_hash AS hash, created, modified FROM indicators ' +
        'WHERE type = ? AND value = ?',
    )
    .get(incoming.type, incoming.value) as
    { key: number; hash: string; created: number; modified: number } | undefined;
  if (existing?.hash === incoming.contentHash) return 'unchanged';

  const dateAdded = clock.next();
  if (!existing) {
    const key = insertRow(statements, incoming, dateAdded);
    insertMultiValued(statements, key, incoming);
    insertObjectRows(statements, key, dateAdded, checked.objects, relationshipsHeld);
    checked.warn();
    const written = toStoredIndicator(key, incoming, dateAdded);
    relinkSources(statements, written, checked.objects, renderers, targets, relationshipsHeld);
    return 'added';
  }

  const { key } = existing;
  const row = asNewVersionOf(incoming, existing);
  updateRow(statements, key, row, dateAdded);
  statements.get('DELETE FROM indicator_tags WHERE indicator = ?').run(key);
  statements.get('DELETE FROM indicator_sources WHERE indicator = ?').run(key);
  insertMultiValued(statements, key, row);
  archiveObjects(statements, key, retention);
  statements.get('DELETE FROM stix_objects WHERE indicator = ?').run(key);
  // The objects checked were made of the row as it came in; a new version may change its dates.
  const objects =
    row === incoming
      ? checked.objects
      : renderObjects(renderers, toStoredIndicator(key, row, dateAdded), targets);
  insertObjectRows(statements, key, dateAdded, objects, relationshipsHeld);
  settleVersions(statements, key, retention);
  if (row === incoming) checked.warn();
  const stored = toStoredIndicator(key, row, dateAdded);
  relinkSources(statements, stored, objects, renderers, targets, relationshipsHeld);
  return 'updated';
}

function insertRow(statements: StatementCache, row: IndicatorRow, dateAdded: number): number {
  const result = statements
    .get(
      'INSERT INTO indicators (type, value, score, created, modified, first_seen, last_seen, ' +
        'expiration, tlp, description, aggregated_reliability, stix_id, custom_fields, ' +
        'relationships, content_hash, date_added) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(row.type, row.value, ...columnValues(row), dateAdded);
  return Number(result.lastInsertRowid);
}

function updateRow(
  statements: StatementCache,
  key: number,
  row: IndicatorRow,
  dateAdded: number,
): void {
  statements
    .get(
      'UPDATE indicators SET score = ?, created = ?, modified = ?, first_seen = ?, ' +
        'last_seen = ?, expiration = ?, tlp = ?, description = ?, aggregated_reliability = ?, ' +
        'stix_id = ?, custom_fields = ?, relationships = ?, content_hash = ?, date_added = ? ' +
        'WHERE key = ?',
    )
    .run(...columnValues(row), dateAdded, key);
}

function insertMultiValued(statements: StatementCache, key: number, row: IndicatorRow): void {
  const tag = statements.get('INSERT INTO indicator_tags (indicator, tag) VALUES (?, ?)');
  const source = statements.get(
    'INSERT INTO indicator_sources (indicator, kind, name) VALUES (?, ?, ?)',
  );
  for (const name of row.tags) tag.run(key, name);
  for (const name of row.sourceBrands) source.run(key, 'brand', name);
  for (const name of row.sourceInstances) source.run(key, 'instance', name);
}

function columnValues(row: IndicatorRow): unknown[] {
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
  ];
}
