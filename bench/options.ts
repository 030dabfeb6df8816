/** The benchmark's command line: sizes, scenarios and how hard and how long to measure. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import type { ScenarioName } from './client.js';

const ROOT = new URL('..', import.meta.url).pathname;

export const ALL_SCENARIOS: readonly ScenarioName[] = [
  'full',
  'first',
  'incremental',
  'manifest',
  'pollers',
  'range',
];

export const USAGE = `Usage: npm run bench -- [options]

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

export interface Options {
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

/** The options, or null when the user asked for help (USAGE). */
export function readOptions(): Options | null {
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

/** Node flags that profile a child process into the --profile folder, if one was given. */
export function profileFlags(options: Options, name: string): string[] {
  if (!options.profile) return [];
  return ['--cpu-prof', '--cpu-prof-dir', options.profile, '--cpu-prof-name', `${name}.cpuprofile`];
}
