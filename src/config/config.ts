import { DEFAULT_VERSION_RETENTION } from '../store/store.js';

/** The server's configuration, after defaults, file, environment and flags are merged. */
export type ObservableOutput = 'indicator' | 'sco' | 'both';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** `auto`: pino-pretty's lines on a terminal, JSON lines otherwise. */
export type LogFormat = 'auto' | 'json' | 'pretty';

export interface ServerConfig {
  host: string;
  port: number;
  store: string;
  /** Versions of each indicator-derived STIX object the store keeps, the latest included. */
  versionRetention: number;
  collections: string | null;
  publicBaseUrl: string | null;
  logLevel: LogLevel;
  logFormat: LogFormat;
  title: string;
  description: string;
  contact: string | null;
  maxPageSize: number;
  /** The TAXII versions served; each can be switched off. */
  versions: Array<'2.0' | '2.1'>;
  apiRoot: {
    name: string;
    title: string;
    description: string;
    maxContentLength: number;
    /** How long the status of an add request stays readable; TAXII asks for 24 hours at least. */
    statusRetentionHours: number;
  };
  stix: {
    namespaceSeed: string | null;
    observables: Record<string, ObservableOutput>;
    /** Indicator fields in the XSOAR property extension of 2.1 objects: names, `all`, or none. */
    extensionFields: string[] | 'all' | null;
  };
  /** Who may sign in; none configured leaves the server open to every client. */
  users: Record<string, UserConfig>;
  auth: {
    /** The realm of the `WWW-Authenticate: Basic` challenge. */
    realm: string;
    /** Serve discovery and the API root's information without credentials. */
    publicDiscovery: boolean;
  };
  tls: TlsConfig | null;
  /** Addresses or CIDR ranges whose X-Forwarded-Proto/-Host/-For are believed. */
  trustedProxies: string[];
  /** A path prefix every request carries, e.g. `/instance/execute/taxii`, stripped before routing. */
  pathPrefix: string;
  limits: LimitsConfig;
  monitoring: MonitoringConfig;
  /** Check every response against the OpenAPI document at run time and log each violation. */
  validateResponses: boolean;
  /** Check every request against the document and report each client's deviations. */
  clientCheck: boolean;
}

/** Where the health and metrics endpoints are served. */
export interface MonitoringConfig {
  /** A plain-HTTP port of their own; null serves them on the TAXII port. */
  port: number | null;
  host: string;
}

export interface UserConfig {
  /** A scrypt or argon2 hash in PHC form, made by `taxii2-server hash-password`. */
  password?: string;
  /** SHA-256 digests (`sha256:<hex>`) of the user's API keys. */
  apiKeys?: string[];
  /** The subject of the user's client certificate, e.g. `CN=alice,O=Partner Org`. */
  certificateSubject?: string;
}

export interface TlsConfig {
  /** PEM text, or the path of a PEM file: the certificate chain, the private key. */
  cert: string;
  key: string;
  /** CA bundle that client certificates must chain to; enables mutual TLS. */
  clientCa?: string;
  /** `optional`: a client may sign in with a certificate or credentials; `required`: only with one. */
  clientCertificate?: 'optional' | 'required';
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** Strict-Transport-Security; null sends none. */
  hsts?: { maxAge: number; includeSubDomains?: boolean; preload?: boolean } | null;
}

export interface RateLimit {
  perMinute: number;
  burst: number;
}

export interface LimitsConfig {
  /** Requests per principal (per client address when anonymous); null for no limit. */
  rate: RateLimit | null;
  /** Failed sign-ins per client address, checked before any password is hashed. */
  authFailures: RateLimit | null;
  maxHeaderBytes: number;
  maxUrlLength: number;
  maxQueryParameters: number;
  maxConcurrentRequests: number;
  /** Time allowed for a request's headers, and for the whole request, to arrive. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** A connection with no traffic in either direction for this long is closed. */
  idleTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** At SIGTERM, how long requests in flight may take to finish before they are cut off. */
  shutdownTimeoutMs: number;
}

export const DEFAULT_CONFIG: ServerConfig = {
  host: '127.0.0.1',
  port: 9000,
  store: 'data/taxii2-server.db',
  versionRetention: DEFAULT_VERSION_RETENTION,
  collections: null,
  publicBaseUrl: null,
  logLevel: 'info',
  logFormat: 'auto',
  title: 'taxii2-server',
  description: 'Threat-intelligence indicators published as TAXII collections.',
  contact: null,
  maxPageSize: 1000,
  versions: ['2.1', '2.0'],
  apiRoot: {
    name: 'threatintel',
    title: 'Threat intelligence',
    description: 'Indicator collections, each a saved indicator query.',
    maxContentLength: 10 * 1024 * 1024,
    statusRetentionHours: 24,
  },
  stix: {
    namespaceSeed: null,
    observables: {},
    extensionFields: null,
  },
  users: {},
  auth: { realm: 'taxii2-server', publicDiscovery: false },
  tls: null,
  trustedProxies: [],
  pathPrefix: '',
  limits: {
    rate: null,
    authFailures: { perMinute: 30, burst: 30 },
    maxHeaderBytes: 16 * 1024,
    maxUrlLength: 8 * 1024,
    maxQueryParameters: 32,
    maxConcurrentRequests: 128,
    headersTimeoutMs: 20_000,
    requestTimeoutMs: 120_000,
    idleTimeoutMs: 60_000,
    keepAliveTimeoutMs: 5_000,
    shutdownTimeoutMs: 30_000,
  },
  monitoring: { port: null, host: '127.0.0.1' },
  validateResponses: false,
  clientCheck: false,
};

/**
 * Settings that the environment and command-line flags may set, by configuration path. The
 * environment variable is `TAXII2_SERVER_` + the upper-case name; the flag is `--name`.
 */
export const OVERRIDABLE = [
  { path: 'host', env: 'HOST', flag: 'host', kind: 'string' },
  { path: 'port', env: 'PORT', flag: 'port', kind: 'integer' },
  { path: 'store', env: 'STORE', flag: 'store', kind: 'string' },
  {
    path: 'versionRetention',
    env: 'VERSION_RETENTION',
    flag: 'version-retention',
    kind: 'integer',
  },
  { path: 'collections', env: 'COLLECTIONS', flag: 'collections', kind: 'string' },
  { path: 'publicBaseUrl', env: 'PUBLIC_BASE_URL', flag: 'public-base-url', kind: 'string' },
  { path: 'logLevel', env: 'LOG_LEVEL', flag: 'log-level', kind: 'string' },
  { path: 'logFormat', env: 'LOG_FORMAT', flag: 'log-format', kind: 'string' },
  { path: 'maxPageSize', env: 'MAX_PAGE_SIZE', flag: 'max-page-size', kind: 'integer' },
  { path: 'versions', env: 'VERSIONS', flag: 'versions', kind: 'list' },
  { path: 'apiRoot.name', env: 'API_ROOT', flag: 'api-root', kind: 'string' },
  {
    path: 'apiRoot.statusRetentionHours',
    env: 'STATUS_RETENTION_HOURS',
    flag: 'status-retention-hours',
    kind: 'integer',
  },
  { path: 'stix.namespaceSeed', env: 'NAMESPACE_SEED', flag: 'namespace-seed', kind: 'string' },
  {
    path: 'stix.extensionFields',
    env: 'EXTENSION_FIELDS',
    flag: 'extension-fields',
    kind: 'list',
  },
  { path: 'pathPrefix', env: 'PATH_PREFIX', flag: 'path-prefix', kind: 'string' },
  { path: 'tls.cert', env: 'TLS_CERT', flag: 'tls-cert', kind: 'string' },
  { path: 'tls.key', env: 'TLS_KEY', flag: 'tls-key', kind: 'string' },
  { path: 'monitoring.port', env: 'MONITORING_PORT', flag: 'monitoring-port', kind: 'integer' },
  { path: 'monitoring.host', env: 'MONITORING_HOST', flag: 'monitoring-host', kind: 'string' },
  {
    path: 'validateResponses',
    env: 'VALIDATE_RESPONSES',
    flag: 'validate-responses',
    kind: 'boolean',
  },
  { path: 'clientCheck', env: 'CLIENT_CHECK', flag: 'client-check', kind: 'boolean' },
] as const;

export const ENV_PREFIX = 'TAXII2_SERVER_';
