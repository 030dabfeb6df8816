import { randomUUID } from 'node:crypto';

import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

const INCOMING_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Per-request facts the handlers add for the completion line. */
export interface RequestFacts {
  log: Logger;
  id: string;
  operation?: string;
  collection?: string;
  objects?: number;
  /** The TAXII media type errors for this request are written in, once its version is known. */
  mediaType?: string;
  /** The signed-in user and how it signed in; null when anonymous. Never a credential. */
  principal?: { name: string; method: string } | null;
  /** Why offered credentials were refused, for the operator's eyes only. */
  authFailure?: string;
  /** Probes and scrapes: logged at debug, so that they do not drown the feed's own requests. */
  quiet?: boolean;
}

declare module 'express-serve-static-core' {
  interface Locals {
    facts: RequestFacts;
  }
}

/**
 * One place owns request logs: a child logger per request carrying its id (an incoming
 * X-Request-Id is kept when it is well formed), and one completion line with status and
 * duration; 5xx at error, everything else at info.
 */
export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.get('x-request-id');
    const id = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    const started = process.hrtime.bigint();
    res.locals.facts = { id, log: logger.child({ req_id: id }) };
    res.setHeader('X-Request-Id', id);

    res.on('finish', () => {
      const { log, operation, collection, objects, principal, authFailure } = res.locals.facts;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        req: { method: req.method, url: req.originalUrl, remote: req.ip },
        res: { status: res.statusCode },
        principal,
        auth_failure: authFailure,
        operation,
        collection,
        objects,
        duration_ms: Math.round(ms * 100) / 100,
      };
      if (res.statusCode >= 500) log.error(line, 'request failed');
      else if (res.locals.facts.quiet) log.debug(line, 'request completed');
      else log.info(line, 'request completed');
    });
    next();
  };
}
