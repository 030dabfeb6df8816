/**
 * Loads the TAXII 2.0 document into openapi-backend as the server is meant to, with the options
 * the 2.1 fixture pins (strict, exact trailing slashes, full start-up checks, ajv-formats).
 */
import { fileURLToPath } from 'node:url';

import type { OpenAPIBackend, Options } from 'openapi-backend';

import { API_ROOT, COLLECTION_ID, OBJECT_ID, loadBackend } from './backend-fixture.js';

export { API_ROOT, BACKEND_OPTIONS, COLLECTION_ID, OBJECT_ID } from './backend-fixture.js';

export const DOCUMENT_PATH_20 = fileURLToPath(
  new URL('../../openapi/taxii-2.0.yaml', import.meta.url),
);

/** The operationIds of the 2.0 document, in document order. */
export const OPERATION_IDS_20 = [
  'getDiscovery',
  'getApiRoot',
  'getStatus',
  'listCollections',
  'getCollection',
  'listObjects',
  'addObjects',
  'getObject',
  'listManifestRecords',
] as const;

export const TAXII_20 = 'application/vnd.oasis.taxii+json; version=2.0';
export const STIX_20 = 'application/vnd.oasis.stix+json; version=2.0';

export const COLLECTION_PATH = `/${API_ROOT}/collections/${COLLECTION_ID}/`;
export const OBJECTS_PATH_20 = `${COLLECTION_PATH}objects/`;
export const OBJECT_PATH_20 = `${OBJECTS_PATH_20}${OBJECT_ID}/`;
export const MANIFEST_PATH_20 = `${COLLECTION_PATH}manifest/`;

/** Creates and initialises a backend over the 2.0 document; `extra` overrides the defaults. */
export function loadBackend20(extra: Partial<Options> = {}): Promise<OpenAPIBackend> {
  return loadBackend({ definition: DOCUMENT_PATH_20, ...extra });
}

/** A GET as the server hands it to openapi-backend: the raw query string, unparsed. */
export function getRequest20(path: string, query = '', headers: Record<string, string> = {}) {
  return { method: 'get', path, query, headers: { accept: TAXII_20, ...headers } };
}
