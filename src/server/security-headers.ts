import type { NextFunction, Request, Response } from 'express';

import type { TlsConfig } from '../config/config.js';

/**
 * Headers every response carries. The API serves JSON only, so the content policy forbids
 * everything a browser might otherwise load or frame; responses may hold entitled data, so no
 * cache keeps them. Strict-Transport-Security is sent only over HTTPS, as RFC 6797 requires.
 */
export function securityHeaders(hsts: TlsConfig['hsts'] | undefined) {
  const hstsValue = hsts ? stsValue(hsts) : null;
  return (req: Request, res: Response, next: NextFunction): void => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (hstsValue && req.secure) res.setHeader('Strict-Transport-Security', hstsValue);
    next();
  };
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function stsValue(hsts: NonNullable<TlsConfig['hsts']>): string {
  return [
    `max-age=${hsts.maxAge}`,
    ...(hsts.includeSubDomains ? ['includeSubDomains'] : []),
    ...(hsts.preload ? ['preload'] : []),
  ].join('; ');
}
