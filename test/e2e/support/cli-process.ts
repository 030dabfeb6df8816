/** taxii2-server commands run as real child processes (`node --import tsx`), as operators run them. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const ENTRY = fileURLToPath(new URL('./cli-entry.ts', import.meta.url));

function start(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TAXII2_SERVER_CONFIG: '' },
  });
}

/** Runs a command to its end; rejects with its output when it exits non-zero. */
export async function runCommand(args: readonly string[]): Promise<string> {
  const child = start(args);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`taxii2-server ${args[0]} exited with ${code}: ${output}`);
  return output;
}

type LogLine = Record<string, unknown>;

export interface ServerProcess {
  url: string;
  /** Every JSON log line the process has written. */
  logs: LogLine[];
  /** Resolves with the first log line written from now on that matches. */
  waitForLog(match: (line: LogLine) => boolean): Promise<LogLine>;
  signal(name: NodeJS.Signals): void;
  /** Resolves with the exit code once the process has exited. */
  exited(): Promise<number | null>;
  /** Sends SIGTERM and waits for the process to exit. */
  stop(): Promise<void>;
}

/** Starts `serve` on a free loopback port and resolves once it logs its URL. */
export function startServerProcess(args: readonly string[]): Promise<ServerProcess> {
  return startListening('serve', args, 'taxii2-server listening');
}

/** Starts `mock` on a free loopback port and resolves once it logs its URL. */
export function startMockProcess(args: readonly string[] = []): Promise<ServerProcess> {
  return startListening('mock', args, 'taxii2-server mock listening');
}

async function startListening(
  command: string,
  args: readonly string[],
  listening: string,
): Promise<ServerProcess> {
  const child = start([command, '--host', '127.0.0.1', '--port', '0', ...args]);
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const logs: LogLine[] = [];
  const waiters = new Set<{ match: (line: LogLine) => boolean; resolve: (l: LogLine) => void }>();
  const exit = once(child, 'exit').then(([code]) => code as number | null);

  const url = await new Promise<string>((resolve, reject) => {
    // Every log line is read, also after start-up, so a busy server never blocks on its pipe.
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as LogLine;
      logs.push(entry);
      for (const waiter of waiters) {
        if (!waiter.match(entry)) continue;
        waiters.delete(waiter);
        waiter.resolve(entry);
      }
      if (entry['msg'] === listening && typeof entry['url'] === 'string') {
        resolve(entry['url']);
      }
    });
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}: ${errors}`)));
  });

  return {
    url,
    logs,
    waitForLog(match) {
      return new Promise((resolve) => waiters.add({ match, resolve }));
    },
    signal(name) {
      child.kill(name);
    },
    exited: () => exit,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
