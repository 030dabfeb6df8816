import { parseQuery } from '../../../src/query/parser.js';
import type { IndicatorStore, ObjectFilter, ObjectRecord } from '../../../src/store/store.js';

/** Every object a filter selects, page by page, continuing from each page's last position. */
export async function pageAll(
  store: IndicatorStore,
  filter: Partial<ObjectFilter> & { profile: string },
  limit: number,
): Promise<ObjectRecord[]> {
  const query = filter.query ?? store.compileQuery(parseQuery(''));
  const seen: ObjectRecord[] = [];
  let after: ObjectFilter['after'];
  for (;;) {
    const page = await store.pageObjects({
      limit,
      withJson: true,
      now: Date.UTC(2024, 0, 1) * 1000,
      after,
      ...filter,
      query,
    });
    seen.push(...page.objects);
    if (!page.more) return seen;
    const last = page.objects[page.objects.length - 1]!;
    after = { dateAdded: last.dateAdded, id: last.id };
  }
}
