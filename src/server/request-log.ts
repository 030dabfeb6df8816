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
      const { log, operation, collection, objects } = res.locals.facts;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        req: { method: req.method, url: req.originalUrl },
        res: { status: res.statusCode },
        operation,
        collection,
        objects,
        duration_ms: Math.round(ms * 100) / 100,
      };
      if (res.statusCode >= 500) log.error(line, 'request failed');
      else log.info(line, 'request completed');
    });
    next();
  };
}
