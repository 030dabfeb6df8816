/**
 * `npm run bench`: generates indicators, imports them, serves them with the real server and
 * with a bare baseline, pulls from both with a client process, and prints every figure beside
 * the baseline's. Run `npm run bench -- --help` for the options.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import Database from 'better-sqlite3';

import type { ClientRequest, ScenarioName } from './client.js';
import { IndicatorGenerator, writeXsoarExport } from './generate-indicators.js';
import { loadIndicatorModel } from './indicator-model.js';
import { killStarted, runScript, stop, waitForLine, type Child } from './processes.js';
import {
  judgeTargets,
  renderTable,
  type BenchResult,
  type ImportFigures,
  type Measured,
  type ServerFigures,
  type SizeResult,
} from './report.js';
import { RssSampler, type Sampled } from './rss-sampler.js';
import { latency, type Target } from './scenarios.js';

const ROOT = new URL('..', import.meta.url).pathname;
const CLIENT = new URL('./client.ts', import.meta.url);
const BASELINE = new URL('./baseline-server.ts', import.meta.url);
const IMPORTER = new URL('./import-worker.ts', import.meta.url);
const NAMESPACE_SEED = 'taxii2-server benchmark';
const ALL_SCENARIOS: readonly ScenarioName[] = [
  'full',
  'first',
  'incremental',
  'manifest',
  'pollers',
  'range',
];
const RECORDS_PER_FILE = 100_000;
// The incremental poll asks for what arrived after all but this many objects.
const INCREMENTAL_TAIL = 100;

const USAGE = `Usage: npm run bench -- [options]

  --sizes N,N          sizes to run (default 10000,100000)
  --million            add 1,000,000 to the sizes
  --scenarios LIST     any of ${ALL_SCENARIOS.join(',')} (default: all)
  --seed TEXT          generator seed (default "bench")
  --repeat N           requests per latency figure (default 200)
  --concurrency N      concurrent pollers (default 50)
  --poll-seconds N     how long the pollers poll (default 10)
  --rounds N           runs of each scenario per server, best kept (default 1)
  --postgres URL       also run against PostgreSQL (loopback only; use a throwaway database)
  --profile DIR        run the server and the import under node --cpu-prof, profiles to DIR
  --out FILE           JSON results (default bench/results/latest.json)
  --workdir DIR        where generated files and stores go (default: the system temp folder)
  --keep               keep the generated files and stores (printed at the end)`;

interface Options {
  sizes: number[];
  scenarios: ScenarioName[];
  seed: string;
  repeat: number;
  concurrency: number;
  pollSeconds: number;
  rounds: number;
  postgres: string | undefined;
  profile: string | undefined;
  out: string;
  workdir: string;
  keep: boolean;
}

function readOptions(): Options | null {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      million: { type: 'boolean' },
      scenarios: { type: 'string' },
      seed: { type: 'string' },
      repeat: { type: 'string' },
      concurrency: { type: 'string' },
      'poll-seconds': { type: 'string' },
      rounds: { type: 'string' },
      postgres: { type: 'string' },
      profile: { type: 'string' },
      out: { type: 'string' },
      workdir: { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const sizes = (values.sizes ?? '10000,100000').split(',').map((n) => positive(n, '--sizes'));
  if (values.million && !sizes.includes(1_000_000)) sizes.push(1_000_000);
  const scenarios = values.scenarios ? values.scenarios.split(',') : [...ALL_SCENARIOS];
  for (const s of scenarios) {
    if (!ALL_SCENARIOS.includes(s as ScenarioName)) throw new Error(`unknown scenario "${s}"`);
  }
  if (values.postgres) loopbackOnly(values.postgres);
  return {
    sizes,
    scenarios: scenarios as ScenarioName[],
    seed: values.seed ?? 'bench',
    repeat: positive(values.repeat ?? '200', '--repeat'),
    concurrency: positive(values.concurrency ?? '50', '--concurrency'),
    pollSeconds: positive(values['poll-seconds'] ?? '10', '--poll-seconds'),
    rounds: positive(values.rounds ?? '1', '--rounds'),
    postgres: values.postgres,
    profile: values.profile,
    out: values.out ?? join(ROOT, 'bench', 'results', 'latest.json'),
    workdir: values.workdir ?? tmpdir(),
    keep: values.keep ?? false,
  };
}

function positive(text: string, flag: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`${flag} takes positive integers, not "${text}"`);
  return n;
}

// The benchmark sends traffic to nothing it did not start, except a database the user names,
// and that only on this machine.
function loopbackOnly(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) {
    throw new Error(
      `--postgres must point at this machine (127.0.0.1, localhost, ::1), not ${host}`,
    );
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  mkdirSync(options.workdir, { recursive: true });
  const work = mkdtempSync(join(options.workdir, 'taxii2-bench-'));
  const collections = join(work, 'collections.json');
  writeFileSync(
    collections,
    JSON.stringify({ all: { query: '', description: 'Every indicator.' } }),
  );
  if (options.profile) mkdirSync(options.profile, { recursive: true });

  const sizes: SizeResult[] = [];
  try {
    for (const size of options.sizes) {
      const sqlite = await runSize(options, work, collections, size, 'sqlite');
      sizes.push(sqlite);
      if (options.postgres) {
        sizes.push(await runSize(options, work, collections, size, 'postgres', sqlite));
      }
    }
  } finally {
    killStarted();
    if (!options.keep) rmSync(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  }

  const result: BenchResult = { meta: meta(options), sizes, targets: judgeTargets(sizes) };
  mkdirSync(join(options.out, '..'), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\n${renderTable(result)}`);
  log(`results written to ${options.out}`);
}

async function runSize(
  options: Options,
  work: string,
  collections: string,
  size: number,
  kind: 'sqlite' | 'postgres',
  reference?: SizeResult,
): Promise<SizeResult> {
  const dir = join(work, `${size}-${kind}`);
  mkdirSync(dir, { recursive: true });
  const generated = await generate(options.seed, dir, size);
  const store = kind === 'sqlite' ? join(dir, 'store.db') : options.postgres!;
  log(`${size}: importing ${generated.records} indicators into ${kind}`);
  const imported = await importInto(options, store, generated.paths, dir, size);
  const result: SizeResult = {
    size,
    store: kind,
    generated: withoutPaths(generated),
    import: imported,
  };
  if (!imported.supported) return result;

  const facts = kind === 'sqlite' ? sqliteFacts(store) : await postgresFacts(store);
  if (kind === 'sqlite') {
    result.storeBytes = facts.bytes;
    await warmFileCache(store);
  }
  log(`${size}: measuring taxii2-server (${kind})${kind === 'sqlite' ? ' and the baseline' : ''}`);
  const taxii = await startTaxii(options, store, collections, dir, size, facts);
  let baseline: Served | undefined;
  try {
    if (kind === 'sqlite') baseline = await startBaseline(store, facts);
    const measured = await measure(options, taxii, baseline, facts);
    result.server = measured.server;
    if (measured.baseline) result.baseline = measured.baseline;
  } finally {
    await stop(taxii.child);
    if (baseline) await stop(baseline.child);
  }
  // The baseline reads SQLite files only: a PostgreSQL run is set beside the SQLite baseline of
  // the same generated indicators.
  if (kind === 'postgres' && reference?.baseline) result.baseline = reference.baseline;
  return result;
}

async function generate(seed: string, dir: string, size: number) {
  const started = process.hrtime.bigint();
  const generator = new IndicatorGenerator(loadIndicatorModel(), seed);
  const paths: string[] = [];
  let bytes = 0;
  for (let done = 0; done < size; done += RECORDS_PER_FILE) {
    const path = join(dir, `indicators-${paths.length + 1}.json`);
    const written = await writeXsoarExport(
      path,
      Math.min(RECORDS_PER_FILE, size - done),
      generator,
    );
    paths.push(path);
    bytes += written.bytes;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  log(
    `${size}: generated ${paths.length} file(s), ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s`,
  );
  return { records: size, bytes, seconds, files: paths.length, paths };
}

function withoutPaths({ paths: _paths, ...rest }: Awaited<ReturnType<typeof generate>>) {
  return rest;
}

async function importInto(
  options: Options,
  store: string,
  files: string[],
  dir: string,
  size: number,
): Promise<SizeResult['import']> {
  let sampler: RssSampler | undefined;
  try {
    const report = await runScript<
      Omit<ImportFigures, 'perSecond' | 'rssMB'> | { supported: false; location: string }
    >(IMPORTER, [store, ...files], {
      args: profileFlags(options, `import-${size}`),
      env: { ...process.env, BENCH_WORKDIR: dir },
      onSpawn: (child) => (sampler = new RssSampler(child.pid)).start(),
    });
    const rssMB = sampler?.stop().rssMB ?? null;
    if (!report.supported) {
      return {
        supported: false,
        reason: `not supported: the product opened ${report.location} for this URL`,
      };
    }
    if (report.rejected > 0) log(`${size}: ${report.rejected} generated records were rejected`);
    const records = report.added + report.updated + report.unchanged;
    return { ...report, perSecond: records / report.seconds, rssMB };
  } catch (error) {
    sampler?.stop();
    if (store.includes('://'))
      return { supported: false, reason: `not supported: ${firstLine(error)}` };
    throw error;
  }
}

interface StoreFacts {
  /** The SQLite file's size; 0 for PostgreSQL. */
  bytes: number;
  objects: number;
  /** date_added of the object INCREMENTAL_TAIL from the end. */
  tailAfter: number;
}

function sqliteFacts(path: string): StoreFacts {
  const db = new Database(path, { readonly: true });
  try {
    const { objects } = db.prepare('SELECT count(*) AS objects FROM stix_objects').get() as {
      objects: number;
    };
    const row = db
      .prepare(
        'SELECT date_added AS d FROM stix_objects ORDER BY date_added DESC, object_id DESC LIMIT 1 OFFSET ?',
      )
      .get(Math.min(objects - 1, INCREMENTAL_TAIL)) as { d: number };
    return { bytes: statSync(path).size, objects, tailAfter: row.d };
  } finally {
    db.close();
  }
}

// The same facts from a PostgreSQL store, whose tables mirror the SQLite ones.
async function postgresFacts(url: string): Promise<StoreFacts> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const count = await client.query<{ n: string }>('SELECT count(*) AS n FROM stix_objects');
    const objects = Number(count.rows[0]?.n ?? 0);
    const tail = await client.query<{ d: string }>(
      'SELECT date_added AS d FROM stix_objects ORDER BY date_added DESC, object_id DESC ' +
        'LIMIT 1 OFFSET $1',
      [Math.min(objects - 1, INCREMENTAL_TAIL)],
    );
    return { bytes: 0, objects, tailAfter: Number(tail.rows[0]?.d ?? 0) };
  } finally {
    await client.end();
  }
}

// Both servers read the same file; reading it once first keeps the first one measured from
// paying for the disk alone.
async function warmFileCache(path: string): Promise<void> {
  for (const file of [path, `${path}-wal`]) {
    try {
      for await (const _chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
        // reading is the point
      }
    } catch {
      // no WAL file: nothing to warm
    }
  }
}

interface Served {
  child: Child;
  target: Target;
  /** Request durations the server itself logged since the last scenario began, in ms. */
  logged?: number[];
}

async function startBaseline(store: string, facts: StoreFacts): Promise<Served> {
  const { child, value: port } = await waitForLine(
    { args: ['--import', 'tsx', BASELINE.pathname, store] },
    (line) =>
      line.startsWith('{"port"') ? (JSON.parse(line) as { port: number }).port : undefined,
    60_000,
  );
  const target: Target = {
    kind: 'baseline',
    base: `http://127.0.0.1:${port}`,
    objectsPath: '/objects',
    manifestPath: '/manifest',
    expected: facts.objects,
  };
  return { child, target };
}

async function startTaxii(
  options: Options,
  store: string,
  collections: string,
  dir: string,
  size: number,
  facts: StoreFacts,
): Promise<Served> {
  const args = [
    ...profileFlags(options, `server-${size}`),
    join(ROOT, 'bin', 'taxii2-server.js'),
    'serve',
    ...['--store', store, '--port', '0', '--host', '127.0.0.1', '--collections', collections],
    ...['--namespace-seed', NAMESPACE_SEED],
  ];
  const logged: number[] = [];
  const { child, value: url } = await waitForLine(
    { args, cwd: dir, onLine: (line) => collectDuration(line, logged) },
    (line) => {
      if (!line.includes('taxii2-server listening')) return undefined;
      return (JSON.parse(line) as { url: string }).url;
    },
    600_000,
  );
  try {
    const collection = await collectionId(url);
    const target: Target = {
      kind: 'taxii',
      base: url,
      objectsPath: `/threatintel/collections/${collection}/objects/`,
      manifestPath: `/threatintel/collections/${collection}/manifest/`,
      expected: facts.objects,
    };
    return { child, target, logged };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

// The server's own completion line per request: how long it took inside the server, which
// tells queueing in front of it apart from time spent on the request.
function collectDuration(line: string, into: number[]): void {
  if (!line.includes('"request completed"')) return;
  const duration = (JSON.parse(line) as { duration_ms?: unknown }).duration_ms;
  if (typeof duration === 'number') into.push(duration);
}

async function collectionId(url: string): Promise<string> {
  const response = await fetch(`${url}/threatintel/collections/`, {
    headers: { accept: 'application/taxii+json;version=2.1' },
  });
  const body = (await response.json()) as { collections?: Array<{ id: string; title: string }> };
  const all = body.collections?.find((c) => c.title === 'all');
  if (!all) throw new Error(`the server at ${url} serves no "all" collection`);
  return all.id;
}

/**
 * Runs each scenario against both servers back to back, `rounds` times in alternating order,
 * and keeps each side's best round: on a shared machine, load from elsewhere only ever slows a
 * round down, and measuring the two sides close together keeps that load alike for both.
 */
async function measure(
  options: Options,
  taxii: Served,
  baseline: Served | undefined,
  facts: StoreFacts,
): Promise<{ server: ServerFigures; baseline?: ServerFigures }> {
  const server: Record<string, Measured<unknown>> = {};
  const base: Record<string, Measured<unknown>> = {};
  for (const [index, scenario] of options.scenarios.entries()) {
    const sides = baseline && scenario !== 'range' ? [baseline, taxii] : [taxii];
    // A version the server does not serve answers the same every round.
    const rounds = scenario === 'range' ? 1 : options.rounds;
    for (let round = 0; round < rounds; round++) {
      const order = (round + index) % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const measured = await runScenario(options, side, scenario, facts);
        const kept = side === taxii ? server : base;
        kept[scenario] = better(scenario, kept[scenario], measured);
        log(`  ${side.target.kind} ${scenario}: ${summary(measured)}`);
      }
    }
  }
  return {
    server: server as ServerFigures,
    ...(baseline ? { baseline: base as ServerFigures } : {}),
  };
}

async function runScenario(
  options: Options,
  side: Served,
  scenario: ScenarioName,
  facts: StoreFacts,
): Promise<Measured<unknown>> {
  const request: ClientRequest = {
    scenario,
    target: side.target,
    limit: 1000,
    repeat: options.repeat,
    concurrency: scenario === 'pollers' ? options.concurrency : 1,
    seconds: options.pollSeconds,
    addedAfter: facts.tailAfter,
  };
  const sampler = new RssSampler(side.child.pid);
  side.logged?.splice(0);
  sampler.start();
  let sampled: Sampled = { rssMB: null, cpuSeconds: null };
  let figures: unknown;
  try {
    figures = await runScript<unknown>(CLIENT, [JSON.stringify(request)]);
  } finally {
    sampled = sampler.stop();
  }
  const logged = side.logged?.length ? { serverLogged: latency(side.logged) } : {};
  return { figures, ...sampled, ...logged };
}

function better(
  scenario: ScenarioName,
  kept: Measured<unknown> | undefined,
  next: Measured<unknown>,
) {
  if (!kept) return next;
  const f = (m: Measured<unknown>) => m.figures as { perSecond?: number; p50?: number };
  const throughput = scenario === 'full' || scenario === 'manifest' || scenario === 'pollers';
  if (throughput) return (f(next).perSecond ?? 0) > (f(kept).perSecond ?? 0) ? next : kept;
  if (scenario === 'first' || scenario === 'incremental') {
    return (f(next).p50 ?? Infinity) < (f(kept).p50 ?? Infinity) ? next : kept;
  }
  return kept;
}

function profileFlags(options: Options, name: string): string[] {
  if (!options.profile) return [];
  return ['--cpu-prof', '--cpu-prof-dir', options.profile, '--cpu-prof-name', `${name}.cpuprofile`];
}

function meta(options: Options): Record<string, string | number> {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    commit,
    seed: options.seed,
    repeat: options.repeat,
    concurrency: options.concurrency,
    pollSeconds: options.pollSeconds,
    rounds: options.rounds,
    profiled: options.profile ? 'yes (figures include profiler overhead)' : 'no',
  };
}

function summary(result: unknown): string {
  return JSON.stringify(result, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isInteger(value) ? Number(value.toFixed(2)) : value,
  );
}

// The line of a child's stderr that names the error, rather than the stack around it.
function firstLine(error: unknown): string {
  const lines = ((error as Error).message ?? String(error)).split('\n').filter((l) => l.trim());
  return (lines.find((l) => /Error\b/.test(l)) ?? lines[0] ?? '').trim();
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

process.once('SIGINT', () => {
  killStarted();
  process.exit(130);
});
await main();
