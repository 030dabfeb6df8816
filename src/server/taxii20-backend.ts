import type { operations as Operations20 } from '../../generated/taxii-2.0.js';
import { packageFile } from '../package-files.js';
import { getApiRoot } from '../taxii/api-root.js';
import { getCollection, listCollections } from '../taxii/collections.js';
import { getDiscovery } from '../taxii/discovery.js';
import type { TaxiiService } from '../taxii/service.js';
import { getStatus } from '../taxii/status.js';
import { getObject20, listManifest20, listObjects20 } from '../taxii/v20/objects-20.js';
import { addObjects } from '../taxii/writes.js';
import { createDocumentDispatch, type TaxiiDispatch } from './document-backend.js';
import { STIX_20, TAXII_20_API_VERSION } from './media-types.js';
import type { OperationHandlers } from './operation-handler.js';

export const TAXII_20_DOCUMENT = packageFile('openapi', 'taxii-2.0.yaml');

/** The handlers of the TAXII 2.0 document, keyed by operationId; `service` renders STIX 2.0. */
export function taxii20Handlers(service: TaxiiService): OperationHandlers<Operations20> {
  const range = (headers: Readonly<Record<string, unknown>>) => {
    const value = headers['range'];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    getDiscovery: (_req, rc) => getDiscovery(service, rc),
    getApiRoot: ({ params }) => getApiRoot(service, params.api_root, [TAXII_20_API_VERSION]),
    getStatus: ({ params }, rc) => getStatus(service, rc, params.api_root, params.status_id, '2.0'),
    listCollections: ({ params }, rc) => listCollections(service, rc, params.api_root, STIX_20),
    getCollection: ({ params }, rc) =>
      getCollection(service, rc, params.api_root, params.collection_id, STIX_20),
    listManifestRecords: ({ params, query, headers }, rc) =>
      listManifest20(service, rc, params, query, range(headers)),
    listObjects: ({ params, query, headers }, rc) =>
      listObjects20(service, rc, params, query, range(headers)),
    addObjects: ({ params, headers, body, checkBody }, rc) =>
      addObjects(service, rc, params, { headers, body, checkBody }, '2.0'),
    getObject: ({ params, query }, rc) => getObject20(service, rc, params, query),
  };
}

/** Routes, validates and handles requests by the TAXII 2.0 document. */
export function createTaxii20Dispatch(service: TaxiiService): Promise<TaxiiDispatch> {
  return createDocumentDispatch(TAXII_20_DOCUMENT, taxii20Handlers(service));
}
