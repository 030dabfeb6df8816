import type { ServerConfig } from '../config/config.js';
import { TaxiiError } from '../server/errors.js';

/**
 * The 401 that asks for credentials (RFC 9110 section 11.6.1, RFC 7617 section 2): a TAXII
 * error resource with a Basic challenge, never a redirect to a sign-in page.
 */
export function authenticationRequired(
  config: Pick<Readonly<ServerConfig>, 'auth'>,
  description = 'Send HTTP Basic credentials or an API key to use this resource.',
): TaxiiError {
  return new TaxiiError('unauthorized', description, {
    'WWW-Authenticate': `Basic realm="${config.auth.realm}", charset="UTF-8"`,
  });
}
