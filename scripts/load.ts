/**
 * The long form of the load run: `npm run load -- [--pollers N] [--seconds S] [--workers W]
 * [--server-log FILE]`. It starts `taxii2-server serve --sample` (with `--workers W` when W > 1)
 * as a process of its own on 127.0.0.1, runs N concurrent pollers against it for S seconds
 * (test/reliability/load/pollers.ts says what they send), samples the server's resident memory
 * (workers included) every few seconds, and prints requests served, failures, timeouts, latency
 * percentiles overall and by kind, the slowest requests (their X-Request-Id finds them in the
 * server log), the server's own request durations and event-loop delay, the pollers' event-loop
 * delay, both sides' CPU seconds and memory growth. Exit code 1 when any request failed.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

import { loadSetup } from '../test/reliability/load/load-setup.js';
import { runLoad } from '../test/reliability/load/pollers.js';

const { values } = parseArgs({
  options: {
    pollers: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '300' },
    'timeout-ms': { type: 'string', default: '30000' },
    'server-log': { type: 'string' },
    workers: { type: 'string', default: '1' },
  },
});
const serverLog = values['server-log'] ? createWriteStream(values['server-log']) : null;
const pollers = Number(values.pollers);
const seconds = Number(values.seconds);
const timeoutMs = Number(values['timeout-ms']);
for (const [name, value] of Object.entries({ pollers, seconds, timeoutMs })) {
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`load: ${name} must be a positive whole number\n`);
    process.exit(2);
  }
}

const ENTRY = fileURLToPath(new URL('../test/e2e/support/cli-entry.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'taxii2-load-'));
const setup = loadSetup(pollers);
writeFileSync(join(dir, 'config.json'), JSON.stringify(setup.config));

const args = ['--import', 'tsx', ENTRY, 'serve', '--sample', '--host', '127.0.0.1', '--port', '0'];
if (Number(values.workers) > 1) args.push('--workers', values.workers);
const child = spawn(
  process.execPath,
  [...args, '--store', join(dir, 'store.db'), '--config', join(dir, 'config.json')],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TAXII2_SERVER_CONFIG: '' },
  },
);

try {
  const url = await listeningUrl();
  const apiRoot = 'threatintel';
  const collections = await fetch(`${url}/${apiRoot}/collections/`, {
    headers: {
      Accept: 'application/taxii+json;version=2.1',
      Authorization: `Bearer ${setup.apiKey}`,
    },
  }).then((r) => r.json() as Promise<{ collections: Array<{ id: string }> }>);
  const collectionIds = collections.collections.map((c) => c.id);

  const samples: Array<{ at: number; rssKiB: number }> = [];
  const started = Date.now();
  const sample = () =>
    samples.push({ at: (Date.now() - started) / 1000, rssKiB: rssKiB(child.pid!) });
  sample();
  const sampleEveryMs = Math.max(1000, (seconds * 1000) / 60);
  const sampler = setInterval(sample, sampleEveryMs);
  // Whether the pollers themselves were starved: this process's own event-loop delay and CPU.
  const clientDelay = monitorEventLoopDelay({ resolution: 10 });
  clientDelay.enable();
  const clientCpu = process.cpuUsage();
  const serverCpuAtStart = cpuSeconds(child.pid!);
  // The server's event-loop delay, from its /metrics (reset at each scrape), worst scrape kept.
  const serverLoop = { maxSeconds: 0, p99Seconds: 0 };
  const scrapeLoop = async () => {
    const text = await fetch(`${url}/metrics`, {
      headers: { Authorization: `Bearer ${setup.apiKey}` },
    }).then((r) => r.text());
    serverLoop.maxSeconds = Math.max(
      serverLoop.maxSeconds,
      metric(text, 'nodejs_eventloop_lag_max_seconds'),
    );
    serverLoop.p99Seconds = Math.max(
      serverLoop.p99Seconds,
      metric(text, 'nodejs_eventloop_lag_p99_seconds'),
    );
    return text;
  };
  await scrapeLoop();
  const scraper = setInterval(() => void scrapeLoop().catch(() => undefined), sampleEveryMs);
  const report = await runLoad(
    { url, apiRoot, collectionIds, apiKey: setup.apiKey },
    {
      pollers,
      seconds,
      timeoutMs,
    },
  );
  clearInterval(sampler);
  clearInterval(scraper);
  clientDelay.disable();
  sample();
  const clientCpuSeconds = (() => {
    const used = process.cpuUsage(clientCpu);
    return (used.user + used.system) / 1e6;
  })();
  const serverCpuSeconds = cpuSeconds(child.pid!) - serverCpuAtStart;
  const finalMetrics = await scrapeLoop();

  const memory = memoryGrowth(samples);
  process.stdout.write(
    `${pollers} pollers for ${seconds} s over ${collectionIds.length} collections: ` +
      `${report.requests} requests (${Math.round(report.requests / seconds)}/s), ` +
      `${report.failureCount} failures, ${report.timeouts} timeouts\n` +
      `by kind: ${JSON.stringify(report.byKind)}\nby status: ${JSON.stringify(report.byStatus)}\n` +
      `latency ms: p50 ${report.latencyMs.p50}, p90 ${report.latencyMs.p90}, ` +
      `p99 ${report.latencyMs.p99}, max ${report.latencyMs.max}\n` +
      `server RSS MiB: start ${mib(samples[0]!.rssKiB)}, after warm-up ${mib(memory.baseline)}, ` +
      `end ${mib(memory.end)}, max ${mib(memory.max)}; growth after warm-up ` +
      `${memory.growthPercent.toFixed(1)}%\n` +
      `latency ms by kind: ${JSON.stringify(report.latencyByKind)}\n` +
      `run started at ${new Date(started).toISOString()}; slowest: ${JSON.stringify(report.slowest.slice(0, 10))}\n` +
      `in the server (request arrived to response finished): ` +
      `${serverLatency(finalMetrics)}\n` +
      `server event-loop delay ms: worst p99 ${ms(serverLoop.p99Seconds)}, ` +
      `worst max ${ms(serverLoop.maxSeconds)}\n` +
      `pollers' own event-loop delay ms: p99 ${(clientDelay.percentile(99) / 1e6).toFixed(1)}, ` +
      `max ${(clientDelay.max / 1e6).toFixed(1)}\n` +
      `CPU seconds: server ${serverCpuSeconds.toFixed(1)}, pollers ${clientCpuSeconds.toFixed(1)}` +
      ` (of ${seconds} s)\n`,
  );
  for (const failure of report.failures) process.stdout.write(`FAIL ${failure}\n`);
  process.exitCode = report.failureCount > 0 ? 1 : 0;
} finally {
  child.kill('SIGTERM');
  await once(child, 'exit');
  rmSync(dir, { recursive: true, force: true });
}

/** Resolves with the server's URL once it logs that it listens. */
function listeningUrl(): Promise<string> {
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      serverLog?.write(`${line}\n`);
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'taxii2-server listening' && entry.url) resolve(entry.url);
      } catch {
        // Not a JSON log line; the server prints nothing else on standard output.
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
}

/** User and system CPU seconds a process has used, from /proc (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, p) => {
    const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) / 100;
  }, 0);
}

/** A process and its descendants (the workers of `serve --workers`), from /proc. */
function processTree(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .split(' ')
    .filter((p) => p !== '')
    .map(Number);
  return [pid, ...children.flatMap(processTree)];
}

/** The value of an unlabelled metric in Prometheus text, or 0. */
function metric(text: string, name: string): number {
  const match = new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/**
 * The server's own request durations, from its histogram summed over operations: requests
 * within each bucket bound, so that time spent in the server can be told from time queued.
 */
function serverLatency(text: string): string {
  const buckets = new Map<string, number>();
  const pattern = /^taxii2_http_request_duration_seconds_bucket\{[^}]*le="([^"]+)"[^}]*\} (\d+)$/gm;
  for (const match of text.matchAll(pattern)) {
    buckets.set(match[1]!, (buckets.get(match[1]!) ?? 0) + Number(match[2]));
  }
  const total = buckets.get('+Inf') ?? 0;
  if (total === 0) return 'no requests counted';
  const within = [...buckets]
    .filter(([le]) => le !== '+Inf')
    .map(([le, count]) => `<=${Number(le) * 1000}ms ${((count / total) * 100).toFixed(1)}%`);
  return `${total} requests; ${within.join(', ')}`;
}

function ms(seconds: number): string {
  return (seconds * 1000).toFixed(1);
}

function rssKiB(pid: number): number {
  return processTree(pid).reduce((sum, p) => {
    const status = readFileSync(`/proc/${p}/status`, 'utf8');
    return sum + Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  }, 0);
}

/**
 * Growth from the end of warm-up (the median of the samples of the run's second tenth, once
 * caches and pools are full) to the median of the last tenth.
 */
function memoryGrowth(samples: ReadonlyArray<{ at: number; rssKiB: number }>) {
  const total = samples.at(-1)!.at;
  const median = (from: number, to: number) => {
    const values = samples
      .filter((s) => s.at >= from * total && s.at <= to * total)
      .map((s) => s.rssKiB)
      .sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)] ?? samples.at(-1)!.rssKiB;
  };
  const baseline = median(0.1, 0.2);
  const end = median(0.9, 1);
  const max = Math.max(...samples.map((s) => s.rssKiB));
  return { baseline, end, max, growthPercent: ((end - baseline) / baseline) * 100 };
}

function mib(kib: number): string {
  return (kib / 1024).toFixed(0);
}
