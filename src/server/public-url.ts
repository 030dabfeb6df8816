import { isIP } from 'node:net';

import type { Request } from 'express';

import type { ServerConfig } from '../config/config.js';
import { ConfigError } from '../config/config-error.js';

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
// A Host (or X-Forwarded-Host) value we are willing to put into discovery's URLs.
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?';
const HOST = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9A-Fa-f:.]+\\])(?::\\d{1,5})?$`);

/**
 * Checks `trustedProxies` before express compiles it: each entry is an IP address, a CIDR
 * range, or one of express's names for address ranges.
 */
export function checkTrustedProxies(entries: readonly string[], source = 'configuration'): void {
  entries.forEach((entry, i) => {
    if (PROXY_NAMES.has(entry)) return;
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const maxBits = family === 6 ? 128 : 32;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (family === 0 || !bitsOk || rest.length > 0) {
      throw new ConfigError(
        source,
        `trustedProxies[${i}]`,
        `"${entry}" is not an address or CIDR range`,
        'give addresses such as 10.0.0.5 or ranges such as 10.0.0.0/8, or "loopback"',
      );
    }
  });
}

/**
 * The absolute URL of the server's root as the client sees it, without a trailing slash: the
 * configured public base URL, or else the scheme and host of the request (X-Forwarded-Proto
 * and X-Forwarded-Host count only from trusted proxies; express's `trust proxy` decides) plus
 * the path prefix. A forwarded host that is not a host name falls back to Host, and a Host
 * that is not one to the address the connection reached.
 */
export function publicBaseUrl(config: Readonly<ServerConfig>, req: Request): string {
  if (config.publicBaseUrl) return config.publicBaseUrl.replace(/\/+$/, '');
  const forwarded = req.protocol;
  const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : connectionScheme(req);
  const host = [req.host, req.get('host')].find((h) => h !== undefined && HOST.test(h));
  return `${scheme}://${host ?? localHost(req)}${config.pathPrefix}`;
}

/**
 * The request path inside the path prefix, or null when the request is not under it. The
 * prefix is matched exactly, segment by segment: `/instance/execute/taxii` does not match
 * `/instance/execute/taxiiX/`.
 */
export function pathInsidePrefix(prefix: string, path: string): string | null {
  if (prefix === '') return path;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : null;
}

function connectionScheme(req: Request): string {
  return (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
}

function localHost(req: Request): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  return `${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort ?? ''}`;
}
