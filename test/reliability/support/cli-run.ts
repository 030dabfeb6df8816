/** The command line run as a real child process, with its exit code and both outputs. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../e2e/support/cli-entry.ts', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Runs the command as this user (through runuser); only root can. */
  user?: string;
  env?: Record<string, string>;
}

/** Runs `taxii2-server <args>` to its end and collects what it printed. */
export async function runCli(
  args: readonly string[],
  options: CliRunOptions = {},
): Promise<CliResult> {
  const command = [process.execPath, '--import', 'tsx', ENTRY, ...args];
  const [file, ...rest] = options.user
    ? ['runuser', '-u', options.user, '--', ...command]
    : command;
  const child = spawn(file!, rest, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TAXII2_SERVER_CONFIG: '', ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** Lines that only a stack trace prints: `    at fn (file:line:col)`. */
export const STACK_LINE = /^\s+at .+[:(]/m;
