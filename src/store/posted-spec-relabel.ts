/**
 * Relabelling the spec version of posted objects stored before an object without
 * `spec_version` that has `created` was read as STIX 2.0 whichever API posted it: until then
 * such an object posted in a 2.1 envelope was labelled 2.1. Both stores' migrations run these
 * queries and decide each row by the rule Add Objects applies now, so a store written before
 * serves what one written now would.
 */
import { postedSpecVersion } from '../stix/spec-version.js';
import { SqlParams } from './posted-sql.js';

/** The tables whose rows carry a posted object and its label, each with its unique key. */
export const RELABELLED_TABLES = [
  { table: 'posted_objects', key: ['collection', 'object_id', 'version_us'] },
  { table: 'write_status_objects', key: ['status', 'seq'] },
] as const;

export type RelabelledTable = (typeof RELABELLED_TABLES)[number];

export type RelabelRow = Record<string, unknown> & { spec_version: string; json: string };

/** How many rows a migration reads at a time, so a large collection is never read whole. */
export const RELABEL_BATCH = 1000;

/**
 * The next rows of `table` after `after` that the rule may relabel: labelled 2.1 (the old
 * default of a 2.1 envelope; a 2.0 label is what the rule gives too) and naming `created`
 * somewhere, as every object with it does, since stored JSON is JSON.stringify's.
 */
export function relabelCandidatesSql(
  { table, key }: RelabelledTable,
  after: RelabelRow | null,
  params: SqlParams,
): string {
  const where = [`spec_version = ${params.add('2.1')}`, `json LIKE ${params.add('%"created":%')}`];
  if (after !== null) {
    where.push(`(${key.join(', ')}) > (${key.map((k) => params.add(after[k])).join(', ')})`);
  }
  return (
    `SELECT ${key.join(', ')}, spec_version, json FROM ${table} WHERE ${where.join(' AND ')} ` +
    `ORDER BY ${key.join(', ')} LIMIT ${params.add(RELABEL_BATCH)}`
  );
}

/** The label the rule gives a row's object, or null when it keeps the one it has. */
export function newLabel(row: RelabelRow): string | null {
  const object = JSON.parse(row.json) as Record<string, unknown>;
  // The row's label stands for the API's default: a 2.1 label without spec_version was one.
  const spec = postedSpecVersion(object, row.spec_version);
  return typeof spec === 'string' && spec !== row.spec_version ? spec : null;
}

/** The update giving one row `label`. */
export function relabelSql(
  { table, key }: RelabelledTable,
  row: RelabelRow,
  label: string,
  params: SqlParams,
): string {
  const set = `spec_version = ${params.add(label)}`;
  const where = key.map((k) => `${k} = ${params.add(row[k])}`).join(' AND ');
  return `UPDATE ${table} SET ${set} WHERE ${where}`;
}
