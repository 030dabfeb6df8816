import { OpenAPIBackend } from 'openapi-backend';
import { describe, expect, it } from 'vitest';

import { TAXII_20_DOCUMENT, taxii20Handlers } from '../../src/server/taxii20-backend.js';
import { TAXII_21_DOCUMENT, taxii21Handlers } from '../../src/server/taxii21-backend.js';
import type { TaxiiService } from '../../src/taxii/service.js';

async function documentedOperations(document: string): Promise<string[]> {
  const api = new OpenAPIBackend({ definition: document, quick: true });
  await api.init();
  return api
    .getOperations()
    .map((op) => op.operationId!)
    .sort();
}

describe('operation binding', () => {
  it.each([
    ['TAXII 2.1', TAXII_21_DOCUMENT, taxii21Handlers],
    ['TAXII 2.0', TAXII_20_DOCUMENT, taxii20Handlers],
  ] as const)(
    'has a %s handler for every operation in its document and none for anything else',
    async (_name, document, handlers) => {
      const bound = Object.keys(handlers({} as TaxiiService)).sort();
      expect(bound).toEqual(await documentedOperations(document));
    },
  );
});
