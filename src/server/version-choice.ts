import { TaxiiError } from './errors.js';
import {
  negotiate,
  servedMediaTypes,
  TAXII_20,
  TAXII_21,
  type Negotiated,
  type TaxiiVersion,
} from './media-types.js';

export type { TaxiiVersion } from './media-types.js';

/** Each version's discovery path; everything under the API root is shared by both. */
export const DISCOVERY: Readonly<Record<TaxiiVersion, string>> = {
  '2.0': '/taxii/',
  '2.1': '/taxii2/',
};

const OBJECTS = /\/collections\/[^/]+\/objects\/(?:[^/]+\/)?$/;

/**
 * The versions that may answer a path: discovery belongs to one version, the API root to
 * every version served (its `versions` property says so). None means the path is not served.
 */
export function candidateVersions(path: string, served: readonly TaxiiVersion[]): TaxiiVersion[] {
  const fixed = (Object.keys(DISCOVERY) as TaxiiVersion[]).find((v) => DISCOVERY[v] === path);
  const candidates = fixed ? served.filter((v) => v === fixed) : [...served];
  if (candidates.length === 0) {
    throw new TaxiiError(
      'not_found',
      `There is no TAXII resource at ${path}: this server serves TAXII ${served.join(' and ')}.`,
    );
  }
  return candidates;
}

/**
 * The version and media type to answer in, from the Accept header (TAXII 2.1 section 1.6.8,
 * TAXII 2.0 section 1.4.8). A media type of a version not served here is a 406 that names
 * what is served.
 */
export function chooseVersion(
  path: string,
  method: string,
  accept: string | undefined,
  candidates: readonly TaxiiVersion[],
): Negotiated {
  // TAXII 2.0 sends objects as a STIX bundle; everything else, and all of 2.1, as TAXII.
  const body =
    method === 'GET' || method === 'HEAD' ? (OBJECTS.test(path) ? 'stix' : 'taxii') : 'taxii';
  const chosen = negotiate(accept, { served: candidates, body });
  if (chosen) return chosen;

  const shown = accept && accept.length > 200 ? `${accept.slice(0, 200)}...` : (accept ?? '');
  throw new TaxiiError(
    'not_acceptable',
    `This resource is served as ${servedMediaTypes(candidates, body).join(' or ')}; ` +
      `the Accept header "${shown}" allows none of them.`,
  );
}

/** The media type a TAXII error is written in, for a request answered in `version`. */
export function errorMediaType(version: TaxiiVersion): string {
  return version === '2.0' ? TAXII_20 : TAXII_21;
}
