/** Relationship targets as the PostgreSQL store holds them (see ../relationship-targets.ts). */
import type pg from 'pg';

import type { RelationshipTarget } from '../../indicators/indicator.js';
import { targetKey } from '../relationship-targets.js';

/** The stored indicators among `keys` (targetKey form), in one statement. */
export async function storedTargets(
  client: pg.ClientBase,
  keys: ReadonlySet<string>,
): Promise<Map<string, RelationshipTarget>> {
  const found = new Map<string, RelationshipTarget>();
  if (keys.size === 0) return found;
  const pairs = [...keys].map((key) => key.split('\u0000') as [string, string]);
  // One index probe per key, as existingRows does for the rows of a chunk.
  const result = await client.query<{
    type: string;
    value: string;
    stixId: string | null;
    customFields: string;
  }>(
    'SELECT u.type, u.value, x.stix_id AS "stixId", x.custom_fields_text AS "customFields" ' +
      'FROM unnest($1::text[], $2::text[]) AS u(type, value) ' +
      'CROSS JOIN LATERAL (SELECT i.stix_id, i.custom_fields_text FROM indicators i ' +
      'WHERE i.type = u.type AND i.value = u.value LIMIT 1) x',
    [pairs.map(([type]) => type), pairs.map(([, value]) => value)],
  );
  for (const row of result.rows) {
    const customFields = JSON.parse(row.customFields) as Record<string, unknown>;
    found.set(targetKey(row.type, row.value), { stixId: row.stixId, customFields });
  }
  return found;
}
