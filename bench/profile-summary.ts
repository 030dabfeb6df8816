/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`): the functions with the most self time, and
 * the files with the most time spent in them and below them, to find what to optimize first.
 *
 *   npx tsx bench/profile-summary.ts FILE.cpuprofile [TOP] [FROM]
 *
 * FROM names a function: samples before the first one with it on the stack are left out, so
 * that a server's start-up (schema compilation, module loading) does not hide its request
 * path, e.g. `pageObjects`. Idle time is never counted.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topText, from] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts FILE.cpuprofile [TOP] [FROM]');
const top = Number(topText ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const selfMs = new Map<number, number>();
let counting = from === undefined;
profile.samples.forEach((id, i) => {
  counting ||= onStack(id, from!);
  const name = byId.get(id)?.callFrame.functionName;
  if (!counting || name === '(idle)') return;
  selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
});
const totalMs = [...selfMs.values()].reduce((a, b) => a + b, 0);

const functions = new Map<string, number>();
const files = new Map<string, number>();
for (const [id, ms] of selfMs) {
  const node = byId.get(id)!;
  functions.set(label(node), (functions.get(label(node)) ?? 0) + ms);
  // Inclusive time per file: count each file once per sample, however deep its frames repeat.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const name = shortUrl(byId.get(at)!.callFrame.url) || '(native)';
    if (seen.has(name)) continue;
    seen.add(name);
    files.set(name, (files.get(name) ?? 0) + ms);
  }
}

print(`self time by function (${(totalMs / 1000).toFixed(2)} s sampled)`, functions);
print('inclusive time by file', files);

function onStack(id: number, name: string): boolean {
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    if (byId.get(at)?.callFrame.functionName === name) return true;
  }
  return false;
}

function print(title: string, table: Map<string, number>): void {
  process.stdout.write(`\n${title}\n`);
  const rows = [...table].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [name, ms] of rows) {
    process.stdout.write(
      `${((ms / totalMs) * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(7)} ms  ${name}\n`,
    );
  }
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = shortUrl(url);
  return `${functionName || '(anonymous)'}${where ? `  ${where}:${lineNumber + 1}` : ''}`;
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*?\/(dist\/src|node_modules|bench)\//, '$1/');
}
