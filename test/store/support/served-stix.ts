/** Served objects read back as STIX, and the references among them that name no object served. */
import type { ObjectRecord } from '../../../src/store/store.js';

export interface ServedStix {
  id: string;
  type: string;
  source_ref?: string;
  target_ref?: string;
  object_refs?: string[];
  object_marking_refs?: string[];
}

export const parsed = (records: readonly ObjectRecord[]): ServedStix[] =>
  records.map((r) => JSON.parse(r.json) as ServedStix);

/**
 * The references in `records` that name none of them: by default relationship ends and report
 * contents; `refsOf` picks others (marking refs, say).
 */
export function dangling(
  records: readonly ObjectRecord[],
  refsOf: (o: ServedStix) => Array<string | undefined> = (o) => [
    o.source_ref,
    o.target_ref,
    ...(o.object_refs ?? []),
  ],
): string[] {
  const objects = parsed(records);
  const ids = new Set(objects.map((o) => o.id));
  return objects.flatMap(refsOf).filter((ref): ref is string => ref !== undefined && !ids.has(ref));
}
