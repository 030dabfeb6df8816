import type { TLSSocket } from 'node:tls';

import type { NextFunction, Request, Response } from 'express';

import type { ServerConfig } from '../config/config.js';
import { TaxiiError } from '../server/errors.js';
import type { RateLimiter } from '../server/rate-limit.js';
import type { CollectionSet } from '../taxii/collection-set.js';
import type { AuthInput, Authenticator } from './authenticator.js';
import { authenticationRequired } from './challenge.js';
import { ANONYMOUS, type Principal } from './principal.js';

declare module 'express-serve-static-core' {
  interface Locals {
    principal: Principal;
  }
}

export interface AuthenticationStepOptions {
  config: Readonly<ServerConfig>;
  /** Read at every request: a reload may replace the users and the collections. */
  live: { readonly authenticator: Authenticator; readonly collections: CollectionSet };
  /** Requests per principal; null for no limit. */
  rate: RateLimiter | null;
  /** Failed sign-ins per client address; null for no limit. */
  failures: RateLimiter | null;
}

/**
 * The step before dispatch: establishes the principal (401 when credentials are offered and not
 * accepted), applies the rate limits (429), and turns away clients without credentials from
 * everything that is not public (401). What a signed-in principal may see is the collection
 * set's business, not this step's.
 */
export function authenticationStep(options: AuthenticationStepOptions) {
  const { config, live, rate, failures } = options;
  const mutualTls = config.tls?.clientCa !== undefined;

  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const authenticator = live.authenticator;
      const client = `addr:${req.ip ?? 'unknown'}`;
      const input: AuthInput = {
        authorization: req.get('authorization'),
        certificate: mutualTls ? peerCertificate(req) : null,
      };
      const offered = input.authorization !== undefined || input.certificate !== null;

      let principal: Principal = ANONYMOUS;
      if (authenticator.enabled && offered) {
        // Refuse before hashing anything, so guessing cannot also burn the server's CPU.
        const wait = failures?.peek(client) ?? 0;
        if (wait > 0) throw tooManyRequests(wait, 'Too many failed sign-ins from this address.');

        const outcome = await authenticator.authenticate(input);
        if (!outcome.ok) {
          failures?.take(client);
          res.locals.facts.authFailure = outcome.reason;
          throw authenticationRequired(config, 'The credentials were not accepted.');
        }
        principal = outcome.principal;
      }
      res.locals.principal = principal;
      res.locals.facts.principal =
        principal.kind === 'user' ? { name: principal.name, method: principal.method } : null;

      const wait = rate?.take(principal.kind === 'user' ? `user:${principal.name}` : client) ?? 0;
      if (wait > 0) throw tooManyRequests(wait, 'Too many requests; slow down.');

      const mustSignIn = authenticator.enabled && principal.kind === 'anonymous';
      if (mustSignIn && !anonymousMay(options, req.path)) throw authenticationRequired(config);
      next();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Without credentials a client may reach discovery and the API root when they are public, and
 * the collection paths when some collection is public (the collection set answers 401 for the
 * rest, for every id alike). Anything else asks for credentials.
 */
function anonymousMay(options: AuthenticationStepOptions, path: string): boolean {
  const { config } = options;
  const { collections } = options.live;
  const slashed = path.endsWith('/') ? path : `${path}/`;
  if (slashed === '/taxii2/' || slashed === `/${config.apiRoot.name}/`) {
    return config.auth.publicDiscovery;
  }
  return collections.anyPublic;
}

function peerCertificate(req: Request): AuthInput['certificate'] {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function') return null;
  const certificate = socket.getPeerCertificate();
  if (!certificate || Object.keys(certificate).length === 0) return null;
  return { authorized: socket.authorized, subject: certificate.subject ?? {} };
}

function tooManyRequests(seconds: number, description: string): TaxiiError {
  return new TaxiiError('too_many_requests', description, { 'Retry-After': String(seconds) });
}
