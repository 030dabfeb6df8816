/**
 * `npm run bench`: generates indicators, imports them, serves them with the real server and
 * with a bare baseline, pulls from both with a client process, and prints every figure beside
 * the baseline's. Run `npm run bench -- --help` for the options.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

import type { ClientRequest, ScenarioName } from './client.js';
import { IndicatorGenerator, writeXsoarExport } from './generate-indicators.js';
import { loadIndicatorModel } from './indicator-model.js';
import { profileFlags, readOptions, USAGE, type Options } from './options.js';
import { killStarted, runScript, stop } from './processes.js';
import {
  renderTable,
  type BenchResult,
  type ImportFigures,
  type Measured,
  type ServerFigures,
  type SizeResult,
} from './report.js';
import { RssSampler, type Sampled } from './rss-sampler.js';
import { latency } from './scenarios.js';
import { startBaseline, startTaxii, type Served } from './servers.js';
import { postgresFacts, sqliteFacts, warmFileCache, type StoreFacts } from './store-facts.js';
import { judgeTargets } from './targets.js';

const ROOT = new URL('..', import.meta.url).pathname;
const CLIENT = new URL('./client.ts', import.meta.url);
const IMPORTER = new URL('./import-worker.ts', import.meta.url);
const RECORDS_PER_FILE = 100_000;

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
  if (facts.objects !== size) {
    log(`${size}: the store serves ${facts.objects} objects for ${size} generated indicators`);
  }
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
try {
  await main();
} catch (error) {
  killStarted();
  log(`bench: ${(error as Error).message}`);
  process.exitCode = 1;
}
