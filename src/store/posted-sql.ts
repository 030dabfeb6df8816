/**
 * The SQL both stores run for a page of a writable collection: the same text, with each store's
 * parameter marks (`?` for SQLite, `$n` for PostgreSQL).
 */
import type { PostedFilter } from './posted-objects.js';
import type { ObjectFilter, PostedSelection } from './store.js';

/** Numbers parameters as a store writes them; `add` returns the mark for one value. */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(private readonly mark: (position: number) => string) {}

  add(value: unknown): string {
    this.values.push(value);
    return this.mark(this.values.length);
  }

  list(values: readonly unknown[]): string {
    return values.map((v) => this.add(v)).join(', ');
  }
}

/** The WHERE conditions of a page or count, on `posted_objects p`. */
export function postedConditions(
  filter: Omit<PostedFilter, 'after' | 'offset' | 'limit' | 'withJson'>,
  params: SqlParams,
): string[] {
  const where = [`p.collection = ${params.add(filter.collection)}`];
  if (filter.addedAfter !== undefined)
    where.push(`p.date_added > ${params.add(filter.addedAfter)}`);
  if (filter.types?.length) where.push(`p.type IN (${params.list(filter.types)})`);
  if (filter.ids?.length) where.push(`p.object_id IN (${params.list(filter.ids)})`);
  const spec = filter.specVersions?.length ? filter.specVersions : null;
  // TAXII 2.1 section 3.4.2: without match[spec_version], each object in the newest spec
  // version it is held in ('2.0' sorts before '2.1' as text in both stores).
  where.push(
    spec !== null
      ? `p.spec_version IN (${params.list(spec)})`
      : 'NOT EXISTS (SELECT 1 FROM posted_objects s WHERE s.collection = p.collection ' +
          'AND s.object_id = p.object_id AND s.spec_version > p.spec_version)',
  );

  const versions = versionConditions(filter.versions, spec, params);
  if (versions !== null) where.push(versions);
  return where;
}

// `first` and `last` are the oldest and newest version of each object among those of the
// requested spec versions (by default its newest one, which is the row's own), so
// match[spec_version] narrows before the version is chosen.
function versionConditions(
  selection: PostedFilter['versions'],
  spec: readonly string[] | null,
  params: SqlParams,
): string | null {
  if (selection.all) return null;
  const sameObject = () =>
    'q.collection = p.collection AND q.object_id = p.object_id' +
    (spec === null
      ? ' AND q.spec_version = p.spec_version'
      : ` AND q.spec_version IN (${params.list(spec)})`);
  const any: string[] = [];
  if (selection.exact.length > 0) any.push(`p.version_us IN (${params.list(selection.exact)})`);
  if (selection.first) {
    any.push(
      `p.version_us = (SELECT min(q.version_us) FROM posted_objects q WHERE ${sameObject()})`,
    );
  }
  if (selection.last) {
    any.push(
      `p.version_us = (SELECT max(q.version_us) FROM posted_objects q WHERE ${sameObject()})`,
    );
  }
  return any.length === 0 ? 'FALSE' : `(${any.join(' OR ')})`;
}

/** The keys of the versions of one object a delete selects. */
export function postedDeleteKeysSql(
  collection: string,
  objectId: string,
  selection: Pick<PostedFilter, 'specVersions' | 'versions'>,
  params: SqlParams,
): string {
  const where = postedConditions({ collection, ids: [objectId], ...selection }, params);
  return `SELECT p.version_us FROM posted_objects p WHERE ${where.join(' AND ')}`;
}

/** The page query: rows in (date_added, id) order, one more than the limit to tell `more`. */
export function postedPageSql(filter: PostedFilter, params: SqlParams): string {
  const where = postedConditions(filter, params);
  if (filter.after) {
    // Each mark once: SQLite's `?` binds one value per occurrence.
    const later = params.add(filter.after.dateAdded);
    const same = params.add(filter.after.dateAdded);
    const id = params.add(filter.after.id);
    where.push(`(p.date_added > ${later} OR (p.date_added = ${same} AND p.object_id > ${id}))`);
  }
  const body = filter.withJson ? 'p.json' : "''";
  const limit = params.add(filter.limit + 1);
  const offset = params.add(filter.offset ?? 0);
  return (
    `SELECT p.object_id AS id, p.type, p.version, p.date_added AS "dateAdded", ` +
    `p.spec_version AS "specVersion", ${body} AS json ` +
    `FROM posted_objects p WHERE ${where.join(' AND ')} ` +
    `ORDER BY p.date_added, p.object_id LIMIT ${limit} OFFSET ${offset}`
  );
}

/** The posted-object filter an object filter stands for, when it selects a writable collection. */
export function postedFilterOf(
  filter: Partial<ObjectFilter>,
  posted: PostedSelection,
): PostedFilter & { limit: number; withJson: boolean } {
  return {
    collection: posted.collection,
    addedAfter: filter.addedAfter,
    types: filter.types,
    ids: filter.ids,
    specVersions: posted.specVersions,
    versions: posted.versions,
    after: filter.after,
    limit: filter.limit ?? 0,
    offset: filter.offset,
    withJson: filter.withJson ?? false,
  };
}
