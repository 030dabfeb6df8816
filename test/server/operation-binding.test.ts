import { OpenAPIBackend } from 'openapi-backend';
import { describe, expect, it } from 'vitest';

import { TAXII_21_DOCUMENT, taxii21Handlers } from '../../src/server/taxii21-backend.js';
import type { TaxiiService } from '../../src/taxii/service.js';

describe('operation binding', () => {
  it('has a handler for every operation in the document and none for anything else', async () => {
    const api = new OpenAPIBackend({ definition: TAXII_21_DOCUMENT, quick: true });
    await api.init();
    const documented = api.getOperations().map((op) => op.operationId);

    const handlers = Object.keys(taxii21Handlers({} as TaxiiService));
    expect(handlers.sort()).toEqual(documented.sort());
  });
});
