import type { NextFunction, Request, Response } from 'express';

import type { LimitsConfig } from '../config/config.js';
import { TaxiiError } from './errors.js';

/**
 * Caps that hold before any work is done for a request: URL length (414), the number of
 * query parameters (400) and requests in flight (503 with Retry-After). Header size, body size
 * and slow clients are capped by the HTTP server and the body reader.
 */
export function requestLimits(limits: Readonly<LimitsConfig>) {
  let inFlight = 0;

  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.originalUrl.length > limits.maxUrlLength) {
      const description = `The request URL is longer than ${limits.maxUrlLength} characters.`;
      next(new TaxiiError('uri_too_long', description));
      return;
    }
    if (queryParameterCount(req.originalUrl) > limits.maxQueryParameters) {
      next(
        new TaxiiError(
          'invalid_parameter',
          `The request has more than ${limits.maxQueryParameters} query parameters.`,
        ),
      );
      return;
    }
    if (inFlight >= limits.maxConcurrentRequests) {
      const retry = { 'Retry-After': '1' };
      next(new TaxiiError('unavailable', 'The server is busy; try again shortly.', retry));
      return;
    }

    inFlight += 1;
    // `close` fires once per response, whether it finished or the client went away.
    res.once('close', () => {
      inFlight -= 1;
    });
    next();
  };
}

function queryParameterCount(url: string): number {
  const at = url.indexOf('?');
  if (at < 0) return 0;
  return url
    .slice(at + 1)
    .split('&')
    .filter((part) => part !== '').length;
}
