import type { ProgressStream } from './progress.js';

/** Where a command writes: injectable so tests read what a command printed. */
export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Where progress is drawn (standard error); none draws no progress. */
  progress?: ProgressStream;
}

export const processIo: CommandIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  env: process.env,
  progress: process.stderr,
};

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: readonly string[], io: CommandIo): Promise<number>;
}

/** Exit codes, as documented in the README. */
export const EXIT = { ok: 0, failed: 1, usage: 2, config: 3 } as const;
