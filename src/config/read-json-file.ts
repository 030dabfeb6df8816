import { readFileSync } from 'node:fs';

import { ConfigError } from './config-error.js';

/** Reads a JSON file given at start-up; failures name the file and the fix. */
export function readJsonFile(file: string, what: string, flag: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(
      file,
      '',
      `cannot read the ${what} (${reason})`,
      `check the ${flag} path`,
    );
  }
  try {
    // Editors on Windows save a byte-order mark that JSON.parse refuses.
    return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    throw new ConfigError(file, '', `not valid JSON: ${(error as Error).message}`, 'fix the JSON');
  }
}
