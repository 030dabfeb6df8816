/** `taxii2-server serve` as a process of its own, with its pid, so tests can signal and measure it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../e2e/support/cli-entry.ts', import.meta.url));

export interface ServedProcess {
  url: string;
  child: ChildProcess;
  /** What the process printed on standard error so far. */
  stderr(): string;
  /** Resident memory now, in bytes. */
  rss(): number;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
}

export async function serveProcess(args: readonly string[]): Promise<ServedProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ENTRY, 'serve', '--host', '127.0.0.1', '--port', '0', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TAXII2_SERVER_CONFIG: '' } },
  );
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const url = await new Promise<string>((resolve, reject) => {
    // Every line is read for the process's whole life, so its pipe never fills.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'taxii2-server listening' && entry.url) resolve(entry.url);
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${errors}`)));
  });
  return {
    url,
    child,
    stderr: () => errors,
    rss: () =>
      Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024,
    exited,
  };
}
