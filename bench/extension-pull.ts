/**
 * What the XSOAR extension costs a collection pull: 4,000 indicators (IP, Domain, URL and
 * Malware in turn, each with a TLP colour, every tenth related to the one before) written to
 * a fresh store with and without extension fields, then a `type:IP` collection and a
 * collection of every indicator pulled whole, 1,000 objects a page, through the store's page
 * read: the shared copies (markings, extension definitions, their identity) are what a
 * filtered collection has to search.
 *
 *   npx tsx bench/extension-pull.ts [--postgres URL] [--rounds N] [--indicators N]
 *
 * With --postgres, the same runs against a new schema of that database, dropped at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import pg from 'pg';

import type { IndicatorInput } from '../src/indicators/indicator.js';
import { parseQuery } from '../src/query/parser.js';
import { installationNamespace } from '../src/stix/ids.js';
import { createStixRenderer } from '../src/stix/renderer.js';
import { openStore } from '../src/store/open-store.js';
import type { IndicatorStore, ObjectFilter } from '../src/store/store.js';

const { values } = parseArgs({
  options: {
    postgres: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    indicators: { type: 'string', default: '4000' },
  },
});
const rounds = Number(values.rounds);
const namespace = installationNamespace('extension bench');
const TYPES = ['IP', 'Domain', 'URL', 'Malware'] as const;
const TLP = ['GREEN', 'AMBER', 'RED', 'CLEAR'] as const;

function valueOf(type: string, n: number): string {
  if (type === 'IP') return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  if (type === 'Domain') return `host-${n}.example.com`;
  if (type === 'URL') return `https://site-${n}.example.net/path/${n}`;
  return `Malware family ${n}`;
}

/** The indicators every run writes, the same each time. */
function indicators(count: number): IndicatorInput[] {
  return Array.from({ length: count }, (_, n) => {
    const type = TYPES[n % TYPES.length]!;
    const previous = TYPES[(n - 1) % TYPES.length]!;
    return {
      type,
      value: valueOf(type, n),
      score: (n % 4) as 0 | 1 | 2 | 3,
      created: '2024-01-02T03:04:05Z',
      tags: [`tag-${n % 7}`],
      sourceBrands: ['bench'],
      sourceInstances: [],
      tlp: TLP[(n >> 2) % TLP.length]!,
      customFields: { port: 443 + (n % 3) },
      relationships:
        n % 10 === 9
          ? [
              {
                relationshipType: 'related-to',
                targetType: previous,
                targetValue: valueOf(previous, n - 1),
              },
            ]
          : [],
    };
  });
}

const COLLECTIONS = { 'type:IP': 'type:IP', 'every indicator': '' } as const;

async function measure(label: string, location: string): Promise<void> {
  for (const extensionFields of [null, 'all'] as const) {
    const store = await openStore(location);
    const renderer = createStixRenderer({ version: '2.1', namespace, extensionFields });
    const started = performance.now();
    const report = await store.upsertIndicators(indicators(Number(values.indicators)), [renderer]);
    const importMs = performance.now() - started;
    const extension = extensionFields === null ? 'off' : 'on';
    console.log(
      `${label}, extension ${extension}: imported ${report.added} indicators in ${ms(importMs)}`,
    );

    for (const [title, text] of Object.entries(COLLECTIONS)) {
      const query = store.compileQuery(parseQuery(text));
      const times: number[] = [];
      let objects = 0;
      for (let round = 0; round < rounds; round++) {
        const begin = performance.now();
        objects = await pullAll(store, { query, profile: renderer.profile });
        times.push(performance.now() - begin);
      }
      const best = Math.min(...times);
      console.log(
        `  ${title}: ${objects} objects, best of ${rounds} ${ms(best)} (all: ${times.map(ms).join(', ')})`,
      );
    }
    await store.close();
    await clear(location);
  }
}

async function pullAll(
  store: IndicatorStore,
  base: Pick<ObjectFilter, 'query' | 'profile'>,
): Promise<number> {
  let count = 0;
  let after: ObjectFilter['after'];
  for (;;) {
    const now = Date.now() * 1000;
    const page = await store.pageObjects({ ...base, limit: 1000, withJson: true, now, after });
    count += page.objects.length;
    if (!page.more) return count;
    const last = page.objects[page.objects.length - 1]!;
    after = { dateAdded: last.dateAdded, id: last.id };
  }
}

// Each setting starts from an empty store: the file is removed, the schema emptied.
let clear: (location: string) => Promise<void> = async () => {};

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
}

const dir = mkdtempSync(join(tmpdir(), 'extension-bench-'));
const file = join(dir, 'store.db');
clear = async (location) => {
  if (location === file)
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
};
await measure('SQLite', file);
rmSync(dir, { recursive: true, force: true });

if (values.postgres) {
  const schema = `extension_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: values.postgres });
  await admin.connect();
  const url = new URL(values.postgres);
  url.searchParams.set('options', `-c search_path=${schema}`);
  clear = async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`CREATE SCHEMA ${schema}`);
  };
  await clear('');
  try {
    await measure('PostgreSQL', url.toString());
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}
