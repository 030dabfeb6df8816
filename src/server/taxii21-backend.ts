import { packageFile } from '../package-files.js';
import { getApiRoot } from '../taxii/api-root.js';
import { getCollection, listCollections } from '../taxii/collections.js';
import { getDiscovery } from '../taxii/discovery.js';
import {
  getObject,
  listManifestRecords,
  listObjects,
  listObjectVersions,
} from '../taxii/objects.js';
import type { TaxiiService } from '../taxii/service.js';
import { getStatus } from '../taxii/status.js';
import { addObjects, deleteObject } from '../taxii/writes.js';
import { createDocumentDispatch, type TaxiiDispatch } from './document-backend.js';
import type { OperationHandlers } from './operation-handler.js';

export type { BackendRequest, TaxiiDispatch } from './document-backend.js';

export const TAXII_21_DOCUMENT = packageFile('openapi', 'taxii-2.1.yaml');

/** The handlers of the TAXII 2.1 document, keyed by operationId. */
export function taxii21Handlers(service: TaxiiService): OperationHandlers {
  return {
    getDiscovery: (_req, rc) => getDiscovery(service, rc),
    getApiRoot: ({ params }) => getApiRoot(service, params.api_root),
    getStatus: ({ params }, rc) => getStatus(service, rc, params.api_root, params.status_id),
    listCollections: ({ params }, rc) => listCollections(service, rc, params.api_root),
    getCollection: ({ params }, rc) =>
      getCollection(service, rc, params.api_root, params.collection_id),
    listManifestRecords: ({ params, query }, rc) => listManifestRecords(service, rc, params, query),
    listObjects: ({ params, query }, rc) => listObjects(service, rc, params, query),
    addObjects: ({ params, headers, body, checkBody }, rc) =>
      addObjects(service, rc, params, { headers, body, checkBody }, '2.1'),
    getObject: ({ params, query }, rc) => getObject(service, rc, params, query),
    deleteObject: ({ params, query }, rc) => deleteObject(service, rc, params, query),
    listObjectVersions: ({ params, query }, rc) => listObjectVersions(service, rc, params, query),
  };
}

/** Routes, validates and handles requests by the TAXII 2.1 document. */
export function createTaxii21Dispatch(service: TaxiiService): Promise<TaxiiDispatch> {
  return createDocumentDispatch(TAXII_21_DOCUMENT, taxii21Handlers(service));
}
