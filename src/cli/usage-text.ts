/** The configuration flags' help, shared by every command that reads the configuration. */
export const CONFIG_FLAGS_HELP = `Configuration (flags beat TAXII2_SERVER_* environment variables, which beat the file):
  -c, --config FILE          JSON configuration file (env TAXII2_SERVER_CONFIG)
  --store PATH|URL           SQLite file, or postgres:// URL (default data/taxii2-server.db)
  --collections FILE         collections document (default: one collection of everything)
  --host ADDRESS             listen address (default 127.0.0.1)
  --port PORT                listen port (default 9000; 0 picks a free port)
  --public-base-url URL      the URL clients use, when behind a proxy
  --path-prefix PATH         a prefix every request path carries, e.g. /instance/execute/taxii
  --tls-cert PEM|FILE        serve HTTPS with this certificate chain (with --tls-key)
  --tls-key PEM|FILE         the certificate's private key
  --api-root NAME            the API root's name (default threatintel)
  --max-page-size N          most objects per page (default 1000)
  --namespace-seed TEXT      seed of the id namespace, used when the store is created
  --monitoring-port PORT     serve /healthz, /readyz and /metrics on this port instead
  --monitoring-host ADDRESS  the monitoring port's address (default 127.0.0.1)
  --log-level LEVEL          fatal, error, warn, info, debug, trace or silent
  --log-format FORMAT        json, pretty, or auto: pretty on a terminal (default auto)
  --validate-responses       check every response against the OpenAPI document, log violations
  --client-check             report each client's deviations from the document at /client-check/`;
