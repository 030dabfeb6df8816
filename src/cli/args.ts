import { parseArgs, type ParseArgsConfig } from 'node:util';

import { OVERRIDABLE } from '../config/config.js';
import { loadConfig } from '../config/load-config.js';
import { closest } from './suggest.js';

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Thrown for a command line that cannot be run; the CLI prints it with the command's usage. */
export class UsageError extends Error {}

/** Flags every command that reads the configuration accepts. */
export const CONFIG_OPTIONS: OptionSpecs = {
  config: { type: 'string', short: 'c' },
  ...Object.fromEntries(
    OVERRIDABLE.map((s) => [s.flag, { type: s.kind === 'boolean' ? 'boolean' : 'string' }]),
  ),
};

export interface ParsedCommand {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseCommand(argv: readonly string[], options: OptionSpecs): ParsedCommand {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedCommand['values'], positionals };
  } catch (error) {
    throw new UsageError(withSuggestion(error as NodeJS.ErrnoException, Object.keys(options)));
  }
}

/** parseArgs' message, plus the flag that was probably meant when an unknown one is close. */
function withSuggestion(error: NodeJS.ErrnoException, flags: readonly string[]): string {
  const message = error.message;
  if (error.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return message;
  const given = /'(-{1,2}[^'=]+)/.exec(message)?.[1]?.replace(/^-+/, '');
  const meant = given ? closest(given, [...flags, 'help']) : null;
  return meant ? `${message.split('.')[0]}. Did you mean --${meant}?` : message;
}

/** The configuration as the command line, the environment and the file give it. */
export function configFrom(values: ParsedCommand['values'], env: NodeJS.ProcessEnv) {
  const flags: Record<string, string | undefined> = {};
  for (const setting of OVERRIDABLE) {
    const value = values[setting.flag];
    if (typeof value === 'string') flags[setting.flag] = value;
    else if (value === true) flags[setting.flag] = 'true';
  }
  return loadConfig({ file: configFileFrom(values, env), env, flags });
}

/** The configuration file the command line or the environment names, if any. */
export function configFileFrom(
  values: ParsedCommand['values'],
  env: NodeJS.ProcessEnv,
): string | undefined {
  const file =
    typeof values['config'] === 'string' ? values['config'] : env['TAXII2_SERVER_CONFIG'];
  return file === '' ? undefined : file;
}
