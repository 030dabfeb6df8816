import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';

import { MalformedCredentials, readAuthorization } from '../auth/authorization-header.js';
import { ANONYMOUS } from '../auth/principal.js';
import { asTaxiiError, errorResource, TaxiiError } from '../server/errors.js';
import { TAXII_21 } from '../server/media-types.js';
import { requestLog } from '../server/request-log.js';
import { responseValidation, type DocumentJudges } from '../server/response-validation.js';
import { securityHeaders } from '../server/security-headers.js';
import type { TaxiiDispatch } from '../server/taxii21-backend.js';
import {
  candidateVersions,
  chooseVersion,
  errorMediaType,
  type TaxiiVersion,
} from '../server/version-choice.js';
import { nowMicros } from '../time/microseconds.js';
import type { MockContext } from './mock-backend.js';
import { backendRequest } from '../server/backend-request.js';

export interface MockAppOptions {
  dispatches: Record<TaxiiVersion, TaxiiDispatch>;
  judges: DocumentJudges;
  logger: Logger;
  /** Answer 401 to requests without credentials; any well-formed credentials are accepted. */
  requireCredentials: boolean;
}

const CHALLENGE = 'Basic realm="taxii2-server mock", charset="UTF-8"';
const VERSIONS: readonly TaxiiVersion[] = ['2.1', '2.0'];

/**
 * The mock's express application: no store and no users, both TAXII versions chosen by path
 * and Accept exactly as the server chooses them, every answer an example of the documents.
 * Each response is checked against its document, and a violation is logged as the server's
 * `--validate-responses` logs it.
 */
export function createMockApp(options: MockAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', false);
  app.use(requestLog(options.logger));
  app.use(responseValidation(options.judges));
  app.use(securityHeaders(undefined));
  app.use(express.text({ type: (req) => req.method === 'POST', limit: '10mb' }));

  app.use(async (req: Request, res: Response) => {
    const path = req.path.endsWith('/') ? req.path : `${req.path}/`;
    const candidates = candidateVersions(path, VERSIONS);
    res.locals.facts.mediaType = errorMediaType(candidates[0]!);
    checkCredentials(req.get('authorization'), options.requireCredentials);
    const chosen = chooseVersion(path, req.method, req.get('accept'), candidates);
    res.locals.facts.mediaType = errorMediaType(chosen.version);
    const context: MockContext = {
      log: res.locals.facts.log,
      principal: ANONYMOUS,
      baseUrl: `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`,
      now: nowMicros(Date.now),
      mediaType: chosen.mediaType,
    };
    const reply = await options.dispatches[chosen.version](backendRequest(req, path), context);
    res.locals.facts.operation = reply.operation;
    res.status(reply.status);
    res.setHeader('Content-Type', chosen.mediaType);
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    res.end(reply.body);
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const taxii = asTaxiiError(error);
    if (taxii.status >= 500) res.locals.facts.log.error({ err: error }, 'mock request error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(taxii.status);
    res.setHeader('Content-Type', res.locals.facts.mediaType ?? TAXII_21);
    for (const [name, value] of Object.entries(taxii.headers)) res.setHeader(name, value);
    res.end(JSON.stringify(errorResource(taxii)));
  });
  return app;
}

/** The mock has no users: credentials only have to be well formed, and present if required. */
function checkCredentials(header: string | undefined, required: boolean): void {
  let credentials;
  try {
    credentials = readAuthorization(header);
  } catch (error) {
    if (!(error instanceof MalformedCredentials)) throw error;
    throw new TaxiiError('unauthorized', `The credentials are malformed: ${error.reason}.`, {
      'WWW-Authenticate': CHALLENGE,
    });
  }
  if (credentials === null && required) {
    throw new TaxiiError('unauthorized', 'Send HTTP Basic credentials (any user and password).', {
      'WWW-Authenticate': CHALLENGE,
    });
  }
}
