/**
 * Where TAXII 2.0 item ranges start in collection order, remembered between requests.
 *
 * A 2.0 client pages by offsets (`Range: items 1000-1999`), which a store can only serve by
 * counting and skipping the rows before them. Clients walk a collection range after range, so
 * each page's end is kept as the position the next range starts from: the store then seeks to
 * it, as a 2.1 `next` does, and the collection's count is taken once. Both hold while the
 * store's write generation stays the same (store/write-generation.ts), which is why only reads
 * that nothing but a write can change are remembered: the latest versions of a query-defined
 * collection whose query does not depend on the time.
 */
import type { PagePosition, StoreQuery } from '../../store/store.js';

/** What is known of one selection (a collection and its filters) at one store state. */
export interface RangeWalk {
  /** How many objects the selection holds, once counted. */
  total: number | undefined;
  /** Where a range starts, if some page ended there: offset to the position before it. */
  positions: Map<number, PagePosition>;
}

/** Where a read may start: the nearest remembered offset at or before the one asked for. */
export interface RangeStart {
  offset: number;
  after: PagePosition | undefined;
}

// Bounds, so that clients asking for many filter combinations or deep ranges cannot grow it
// without end: selections per collection query, and positions per selection.
const MAX_SELECTIONS = 64;
const MAX_POSITIONS = 4096;

export class RangePositions {
  // Keyed by the compiled query, so that a reloaded collections document starts afresh.
  private readonly byQuery = new WeakMap<StoreQuery, Map<string, RangeWalk & { stamp: number }>>();

  /**
   * What is known of a selection at the store state `stamp`; a new, empty walk when the state
   * has changed since, or when nothing is known yet.
   */
  walk(query: StoreQuery, selection: string, stamp: number): RangeWalk {
    let walks = this.byQuery.get(query);
    if (!walks) this.byQuery.set(query, (walks = new Map()));
    const known = walks.get(selection);
    if (known && known.stamp === stamp) {
      // Most recently used last, so the first entry is the one to let go.
      walks.delete(selection);
      walks.set(selection, known);
      return known;
    }
    const fresh = { stamp, total: undefined, positions: new Map<number, PagePosition>() };
    walks.delete(selection);
    walks.set(selection, fresh);
    if (walks.size > MAX_SELECTIONS) walks.delete(walks.keys().next().value!);
    return fresh;
  }
}

/** The remembered start nearest to `offset` from below; offset 0 needs none. */
export function startOf(walk: RangeWalk, offset: number): RangeStart {
  let best: RangeStart = { offset: 0, after: undefined };
  for (const [known, after] of walk.positions) {
    if (known <= offset && known > best.offset) best = { offset: known, after };
  }
  return best;
}

/** Remembers that the item before `offset` is at `position`. */
export function remember(walk: RangeWalk, offset: number, position: PagePosition): void {
  if (offset === 0) return;
  walk.positions.delete(offset);
  walk.positions.set(offset, position);
  if (walk.positions.size > MAX_POSITIONS) {
    walk.positions.delete(walk.positions.keys().next().value!);
  }
}
