import { isStoreUnavailable } from '../store/store-unavailable.js';

/**
 * The one error type the TAXII layer raises, and the catalogue of its codes. Each code has a
 * fixed HTTP status and title; the description says what was wrong with this request.
 * TAXII 2.1 section 3.6.1 defines the error resource these become.
 */
export const ERROR_CATALOGUE = {
  invalid_parameter: { status: 400, title: 'Invalid request parameter' },
  invalid_request: { status: 400, title: 'Invalid request' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  not_acceptable: { status: 406, title: 'Not acceptable' },
  request_timeout: { status: 408, title: 'Request timeout' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  uri_too_long: { status: 414, title: 'URI too long' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  range_not_satisfiable: { status: 416, title: 'Requested range not satisfiable' },
  too_many_requests: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Internal server error' },
  not_implemented: { status: 501, title: 'Not implemented' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class TaxiiError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: ErrorCode,
    readonly description: string,
    readonly headers: Readonly<Record<string, string>> = {},
    readonly details?: Record<string, unknown>,
  ) {
    super(description);
    this.name = 'TaxiiError';
    this.status = ERROR_CATALOGUE[code].status;
    this.title = ERROR_CATALOGUE[code].title;
  }
}

/** The TAXII error resource (section 3.6.1) for an error; never carries a stack or internals. */
export function errorResource(error: TaxiiError): Record<string, unknown> {
  return {
    title: error.title,
    description: error.description,
    error_code: error.code,
    http_status: String(error.status),
    ...(error.details ? { details: error.details } : {}),
  };
}

/** Seconds a client is asked to wait before retrying while the store is out of reach. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * Anything thrown that is not a TaxiiError is an internal error, except a store out of reach
 * for now (503, worth retrying); the error's own message stays in the log.
 */
export function asTaxiiError(error: unknown): TaxiiError {
  if (error instanceof TaxiiError) return error;
  if (isStoreUnavailable(error)) {
    return new TaxiiError(
      'unavailable',
      'The indicator store is not answering; try again shortly.',
      {
        'Retry-After': String(STORE_RETRY_AFTER_SECONDS),
      },
    );
  }
  return new TaxiiError('internal_error', 'The server could not complete the request.');
}
