/**
 * Loads the TAXII 2.1 document into openapi-backend the way the server is meant to: strict,
 * exact trailing slashes, full start-up checks, and ajv-formats so `format` is enforced.
 */
import { fileURLToPath } from 'node:url';

import addFormats from 'ajv-formats';
import { OpenAPIBackend, type Options } from 'openapi-backend';

export const DOCUMENT_PATH = fileURLToPath(
  new URL('../../openapi/taxii-2.1.yaml', import.meta.url),
);

/** The options under test; each one is load-bearing (see the document test). */
export const BACKEND_OPTIONS = {
  strict: true,
  ignoreTrailingSlashes: false,
  quick: false,
} as const;

/** The operationIds the handlers are keyed by, in document order. */
export const OPERATION_IDS = [
  'getDiscovery',
  'getApiRoot',
  'getStatus',
  'listCollections',
  'getCollection',
  'listManifestRecords',
  'listObjects',
  'addObjects',
  'getObject',
  'deleteObject',
  'listObjectVersions',
] as const;

export const API_ROOT = 'threatintel';
export const COLLECTION_ID = 'e9f98ec3-782f-4309-93fc-0d815250c676';
export const OBJECT_ID = 'indicator--1951358d-2fb3-4f0e-a196-ae55a2b2395c';
export const OBJECTS_PATH = `/${API_ROOT}/collections/${COLLECTION_ID}/objects/`;
export const OBJECT_PATH = `${OBJECTS_PATH}${OBJECT_ID}/`;

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

/** Creates and initialises a backend over the document; `extra` overrides the defaults. */
export async function loadBackend(extra: Partial<Options> = {}): Promise<OpenAPIBackend> {
  const api = new OpenAPIBackend({
    definition: DOCUMENT_PATH,
    ...BACKEND_OPTIONS,
    // Without ajv-formats openapi-backend ignores `format: date-time` and logs a warning for
    // every schema that uses it; the pattern in the document still applies.
    customizeAjv: (ajv) => {
      addFormats.default(ajv);
      return ajv;
    },
    ...extra,
  });
  await api.init();

  return api;
}

/** A GET as the server hands it to openapi-backend: the raw query string, unparsed. */
export function getRequest(path: string, query = '') {
  return { method: 'get', path, query, headers: { accept: TAXII_MEDIA_TYPE } };
}
