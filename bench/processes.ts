/**
 * The benchmark's child processes: the real server (the built CLI), the baseline server, the
 * import worker and the client. Each is tracked so that the benchmark stops exactly the
 * processes it started, by their pid, and nothing else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const started = new Set<ChildProcess>();

export interface Child {
  process: ChildProcess;
  pid: number;
  /** Lines the child wrote to stderr, kept for error messages. */
  stderr: string[];
}

export interface SpawnOptions {
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called with every stdout line. */
  onLine?: (line: string) => void;
  /** Called once the child runs, e.g. to sample its memory. */
  onSpawn?: (child: Child) => void;
}

/** Starts `node ARGS` and remembers it. */
export function spawnNode({ args, cwd, env, onLine, onSpawn }: SpawnOptions): Child {
  const child = spawn(process.execPath, args, {
    cwd,
    env: env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start node ${args.join(' ')}`);
  started.add(child);
  child.once('exit', () => started.delete(child));

  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderr.push(line);
    if (stderr.length > 200) stderr.shift();
  });
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => onLine?.(line));
  const running = { process: child, pid: child.pid, stderr };
  onSpawn?.(running);
  return running;
}

/** Runs a TypeScript bench script in its own node process; resolves with its last JSON line. */
export async function runScript<T>(
  script: URL,
  args: string[],
  options: Partial<SpawnOptions> = {},
): Promise<T> {
  let last = '';
  const child = spawnNode({
    ...options,
    args: [...(options.args ?? []), '--import', 'tsx', script.pathname, ...args],
    onLine: (line) => {
      if (line.startsWith('{')) last = line;
    },
  });
  const [code] = (await once(child.process, 'exit')) as [number | null];
  if (code !== 0 || last === '') {
    throw new Error(`${script.pathname} exited with ${String(code)}:\n${child.stderr.join('\n')}`);
  }
  return JSON.parse(last) as T;
}

/** Resolves with the first stdout value `match` returns, or rejects when the child exits first. */
export function waitForLine<T>(
  spawnOptions: SpawnOptions,
  match: (line: string) => T | undefined,
  timeoutMs: number,
): Promise<{ child: Child; value: T }> {
  return new Promise((resolve, reject) => {
    let done = false;
    const child = spawnNode({
      ...spawnOptions,
      onLine: (line) => {
        spawnOptions.onLine?.(line);
        if (done) return;
        const value = match(line);
        if (value === undefined) return;
        done = true;
        clearTimeout(timer);
        resolve({ child, value });
      },
    });
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      void stop(child);
      reject(
        new Error(`node ${spawnOptions.args.join(' ')} gave no ready line in ${timeoutMs} ms`),
      );
    }, timeoutMs);
    child.process.once('exit', (code) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(
        new Error(
          `node ${spawnOptions.args.join(' ')} exited with ${String(code)}:\n${child.stderr.join('\n')}`,
        ),
      );
    });
  });
}

/** Asks a child to stop (SIGTERM), and kills it if it has not exited after `graceMs`. */
export async function stop(child: Child, graceMs = 60_000): Promise<void> {
  const proc = child.process;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = once(proc, 'exit');
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Kills whatever child is still running; for the benchmark's own exit paths. */
export function killStarted(): void {
  for (const child of started) child.kill('SIGKILL');
}
