/** The server's configuration, after defaults, file, environment and flags are merged. */
export type ObservableOutput = 'indicator' | 'sco' | 'both';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ServerConfig {
  host: string;
  port: number;
  store: string;
  collections: string | null;
  publicBaseUrl: string | null;
  logLevel: LogLevel;
  title: string;
  description: string;
  contact: string | null;
  maxPageSize: number;
  apiRoot: {
    name: string;
    title: string;
    description: string;
    maxContentLength: number;
  };
  stix: {
    namespaceSeed: string | null;
    observables: Record<string, ObservableOutput>;
  };
}

export const DEFAULT_CONFIG: ServerConfig = {
  host: '127.0.0.1',
  port: 9000,
  store: 'data/taxii2-server.db',
  collections: null,
  publicBaseUrl: null,
  logLevel: 'info',
  title: 'taxii2-server',
  description: 'Threat-intelligence indicators published as TAXII collections.',
  contact: null,
  maxPageSize: 1000,
  apiRoot: {
    name: 'threatintel',
    title: 'Threat intelligence',
    description: 'Indicator collections, each a saved indicator query.',
    maxContentLength: 10 * 1024 * 1024,
  },
  stix: {
    namespaceSeed: null,
    observables: {},
  },
};

/**
 * Settings that the environment and command-line flags may set, by configuration path. The
 * environment variable is `TAXII2_SERVER_` + the upper-case name; the flag is `--name`.
 */
export const OVERRIDABLE = [
  { path: 'host', env: 'HOST', flag: 'host', kind: 'string' },
  { path: 'port', env: 'PORT', flag: 'port', kind: 'integer' },
  { path: 'store', env: 'STORE', flag: 'store', kind: 'string' },
  { path: 'collections', env: 'COLLECTIONS', flag: 'collections', kind: 'string' },
  { path: 'publicBaseUrl', env: 'PUBLIC_BASE_URL', flag: 'public-base-url', kind: 'string' },
  { path: 'logLevel', env: 'LOG_LEVEL', flag: 'log-level', kind: 'string' },
  { path: 'maxPageSize', env: 'MAX_PAGE_SIZE', flag: 'max-page-size', kind: 'integer' },
  { path: 'apiRoot.name', env: 'API_ROOT', flag: 'api-root', kind: 'string' },
  { path: 'stix.namespaceSeed', env: 'NAMESPACE_SEED', flag: 'namespace-seed', kind: 'string' },
] as const;

export const ENV_PREFIX = 'TAXII2_SERVER_';
