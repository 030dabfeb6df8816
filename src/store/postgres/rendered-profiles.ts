/**
 * Which renderer profiles every stored indicator has objects for, kept in `meta` as SQLite
 * keeps it, and rendering a profile that is missing.
 */
import type pg from 'pg';

import type { StixRenderer } from '../../stix/rendered.js';
import { firstOf, namedTargets } from '../relationship-targets.js';
import { readRowBatch } from './read-rows.js';
import { storedTargets } from './relationship-targets.js';
import { insertObjects, redateRelationships, redateReports } from './row-writes.js';
import { renderRow } from './upsert-chunk.js';

export const RENDERED_PROFILES = 'rendered_profiles';

export async function renderedProfiles(client: pg.ClientBase | pg.Pool): Promise<string[]> {
  const result = await client.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [
    RENDERED_PROFILES,
  ]);
  const row = result.rows[0];
  return row ? (JSON.parse(row.value) as string[]) : [];
}

export async function keepRenderedProfiles(
  client: pg.ClientBase,
  profiles: readonly string[],
): Promise<void> {
  const kept = [...new Set(profiles)].sort();
  await client.query(
    'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2',
    [RENDERED_PROFILES, JSON.stringify(kept)],
  );
}

const RENDER_BATCH = 1000;

/**
 * Renders every indicator for one profile, replacing what the profile had. Call inside a write
 * transaction, after checking (under the lock) that no other process rendered it meanwhile.
 */
export async function renderProfile(
  client: pg.ClientBase,
  renderer: StixRenderer,
): Promise<number> {
  await client.query('DELETE FROM stix_objects WHERE profile = $1', [renderer.profile]);
  // Earlier versions of a profile that was not kept up are stale; it starts afresh.
  await client.query('DELETE FROM stix_object_versions WHERE profile = $1', [renderer.profile]);
  let count = 0;
  for (let after = 0; ;) {
    const batch = await readRowBatch(client, after, RENDER_BATCH);
    if (batch.length === 0) break;
    const targets = firstOf(await storedTargets(client, namedTargets(batch.map((r) => r.row))));
    const objects = batch.flatMap((r) => renderRow([renderer], r.key, r.row, r.dateAdded, targets));
    await insertObjects(client, objects);
    await redateRelationships(client, objects);
    count += batch.length;
    after = batch[batch.length - 1]!.key;
  }
  await redateReports(client);
  await keepRenderedProfiles(client, [...(await renderedProfiles(client)), renderer.profile]);
  return count;
}
