import { readFileSync } from 'node:fs';
import type { SecureContextOptions, TlsOptions } from 'node:tls';
import { createSecureContext } from 'node:tls';
import { X509Certificate } from 'node:crypto';

import type { TlsConfig } from '../config/config.js';
import { ConfigError } from '../config/config-error.js';

/**
 * The certificate, key and client CA of an HTTPS listener, read from inline PEM or from PEM
 * files. Reading again (on SIGHUP) picks up renewed files; a listener given the new context
 * with `setSecureContext` uses it for new connections and keeps the open ones.
 */
export function readSecureContext(
  tls: Readonly<TlsConfig>,
  source = 'configuration',
): SecureContextOptions {
  const options: SecureContextOptions = {
    cert: pem(tls.cert, 'tls.cert', source),
    key: pem(tls.key, 'tls.key', source),
    ...(tls.clientCa ? { ca: pem(tls.clientCa, 'tls.clientCa', source) } : {}),
    minVersion: tls.minVersion ?? 'TLSv1.2',
  };
  const files = [tls.cert, tls.key].filter((v) => !PEM_BEGIN.test(v)).join(' and ');
  const where = files ? `${source} (${files})` : source;
  try {
    // Fails now, with the field to fix, on a key that does not match or PEM that does not parse.
    createSecureContext(options);
  } catch (error) {
    throw new ConfigError(
      where,
      'tls',
      `the certificate and key are not usable: ${(error as Error).message}`,
      'give a PEM certificate chain and the PEM private key that belongs to it',
    );
  }
  checkValidNow(options.cert as string, tls.cert, source);
  return options;
}

/** An expired certificate would be refused by every client: stop at start instead. */
function checkValidNow(chain: string, given: string, source: string): void {
  const leaf = new X509Certificate(chain);
  const now = Date.now();
  const file = PEM_BEGIN.test(given) ? source : `${source} (${given})`;
  if (Date.parse(leaf.validTo) < now) {
    throw new ConfigError(
      file,
      'tls.cert',
      `the certificate expired on ${leaf.validTo}`,
      'renew the certificate, or give one that is valid now',
    );
  }
}

/** What the HTTPS server needs at creation: the context plus the client-certificate policy. */
export function httpsServerOptions(tls: Readonly<TlsConfig>, source?: string): TlsOptions {
  const mutual = tls.clientCa !== undefined;
  return {
    ...readSecureContext(tls, source),
    requestCert: mutual,
    // `optional`: the handshake succeeds without a certificate, and authentication decides.
    rejectUnauthorized: mutual && tls.clientCertificate === 'required',
  };
}

const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]+-----/;

function pem(value: string, field: string, source: string): string {
  if (PEM_BEGIN.test(value)) return value;
  try {
    const text = readFileSync(value, 'utf8');
    if (!PEM_BEGIN.test(text)) throw new Error('the file holds no PEM block');
    return text;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(
      source,
      field,
      `cannot read PEM from "${value}" (${reason})`,
      'give the path of a PEM file, or the PEM text itself',
    );
  }
}
