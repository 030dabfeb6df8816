import { compileProjectSchema, firstSchemaError } from '../schema/json-schemas.js';
import { ConfigError } from './config-error.js';
import { readJsonFile } from './read-json-file.js';
import { DEFAULT_CONFIG, ENV_PREFIX, OVERRIDABLE, type ServerConfig } from './config.js';

export interface ConfigSources {
  /** Path of a JSON configuration file. */
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Flag values by flag name (`port`, `store`, ...), as the command line gave them. */
  flags?: Readonly<Record<string, string | undefined>>;
}

type PartialConfig = Record<string, unknown>;

const validateConfig = compileProjectSchema<PartialConfig>('config.schema.json');

/**
 * Merges, by increasing precedence: defaults, the configuration file, `TAXII2_SERVER_*`
 * environment variables, then command-line flags. The result is validated and frozen.
 */
export function loadConfig(sources: ConfigSources = {}): Readonly<ServerConfig> {
  let merged = structuredClone(DEFAULT_CONFIG) as unknown as PartialConfig;
  if (sources.file) merged = deepMerge(merged, readConfigFile(sources.file));

  for (const setting of OVERRIDABLE) {
    const envName = ENV_PREFIX + setting.env;
    const fromEnv = sources.env?.[envName];
    const fromFlag = sources.flags?.[setting.flag];
    if (fromEnv !== undefined && fromEnv !== '') {
      setPath(merged, setting.path, coerce(fromEnv, setting.kind, `environment ${envName}`));
    }
    if (fromFlag !== undefined) {
      setPath(merged, setting.path, coerce(fromFlag, setting.kind, `flag --${setting.flag}`));
    }
  }

  check(merged, 'configuration');
  return deepFreeze(merged) as unknown as Readonly<ServerConfig>;
}

function readConfigFile(file: string): PartialConfig {
  const parsed = readJsonFile(file, 'configuration file', '--config');
  check(parsed, file);
  return parsed as PartialConfig;
}

function check(config: unknown, source: string): void {
  if (validateConfig(config)) return;
  const { field, problem } = firstSchemaError(validateConfig.errors);
  throw new ConfigError(source, field, problem, 'see the configuration reference in README.md');
}

function coerce(
  raw: string,
  kind: 'string' | 'integer' | 'list' | 'boolean',
  source: string,
): string | number | boolean | string[] {
  if (kind === 'string') return raw;
  if (kind === 'boolean') return onOrOff(raw, source);
  if (kind === 'list')
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item);
  if (!/^\d+$/.test(raw.trim())) {
    throw new ConfigError(
      source,
      '',
      `"${raw}" is not a whole number`,
      'give a number such as 9000',
    );
  }
  return Number(raw);
}

/** A switch from the environment or a flag: true/false, 1/0, yes/no, on/off, any case. */
function onOrOff(raw: string, source: string): boolean {
  const value = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(source, '', `"${raw}" is not a switch`, 'give true or false');
}

function setPath(target: PartialConfig, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as PartialConfig;
  }
  node[keys[keys.length - 1]!] = value;
}

function deepMerge(base: PartialConfig, over: PartialConfig): PartialConfig {
  const out: PartialConfig = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prior = out[key];
    out[key] = isPlainObject(prior) && isPlainObject(value) ? deepMerge(prior, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is PartialConfig {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (isPlainObject(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
