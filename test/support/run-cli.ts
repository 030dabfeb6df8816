import type { CommandIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

/** What one command printed and how it ended, as a shell would see it. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** What the progress display wrote (empty unless asked for). */
  progress: string;
}

export interface CliOptions {
  /** Whether the progress display believes it writes to a terminal. */
  terminal?: boolean;
}

/** Runs the command line in this process with its output captured and no environment. */
export function runCli(...argv: string[]): Promise<CliRun> {
  return runCliWith({}, ...argv);
}

export async function runCliWith(options: CliOptions, ...argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  let progress = '';
  const io: CommandIo = {
    out: (text) => (out += `${text}\n`),
    err: (text) => (err += `${text}\n`),
    env: {},
  };
  if (options.terminal !== undefined) {
    io.progress = {
      isTTY: options.terminal,
      columns: 100,
      write: (text: string) => (progress += text),
    };
  }
  const code = await main(argv, io);
  return { code, out, err, progress };
}
