import { OpenAPIBackend } from 'openapi-backend';
import { beforeAll, describe, expect, it } from 'vitest';

import { addFormats } from '../../src/schema/json-schemas.js';
import { createResponseChecker, type ResponseFacts } from '../../src/server/response-check.js';
import { TAXII_21_DOCUMENT } from '../../src/server/taxii21-backend.js';

const TAXII = 'application/taxii+json;version=2.1';
const DISCOVERY_OK: ResponseFacts = {
  method: 'GET',
  path: '/taxii2/',
  status: 200,
  contentType: TAXII,
  headers: {},
  body: { title: 'Feed', api_roots: ['https://feeds.example.org/threatintel/'] },
};

describe('checking responses against the document', () => {
  let check: ReturnType<typeof createResponseChecker>;

  beforeAll(async () => {
    const api = new OpenAPIBackend({
      definition: TAXII_21_DOCUMENT,
      ignoreTrailingSlashes: false,
      customizeAjv: addFormats,
    });
    await api.init();
    check = createResponseChecker(api);
  });

  it('accepts a response the document allows', () => {
    expect(check(DISCOVERY_OK)).toEqual([]);
  });

  it('fails a body that lacks a required property', () => {
    const problems = check({ ...DISCOVERY_OK, body: { api_roots: [] } });
    expect(problems.join('\n')).toMatch(
      /getDiscovery 200: body must have required property 'title'/,
    );
  });

  it('fails a wrong content type', () => {
    expect(check({ ...DISCOVERY_OK, contentType: 'application/json' })).toEqual([
      'getDiscovery 200: Content-Type application/json is not declared',
    ]);
  });

  it('fails a status the operation does not declare', () => {
    expect(check({ ...DISCOVERY_OK, status: 418 })).toEqual([
      'getDiscovery 418: status 418 is not declared',
    ]);
  });

  it('fails an envelope whose more is not a boolean', () => {
    const problems = check({
      method: 'GET',
      path: '/threatintel/collections/9cfa669c-ee94-4ece-afd2-f8edac37d8fd/objects/',
      status: 200,
      contentType: TAXII,
      headers: {},
      body: { more: 'no' },
    });
    expect(problems.join('\n')).toMatch(/listObjects 200: body\/more must be boolean/);
  });

  it('fails a declared header whose value breaks its schema', () => {
    const problems = check({
      method: 'GET',
      path: '/threatintel/collections/9cfa669c-ee94-4ece-afd2-f8edac37d8fd/objects/',
      status: 200,
      contentType: TAXII,
      headers: { 'x-taxii-date-added-last': '2024-05-02 08:15:30' },
      body: {},
    });
    expect(problems.join('\n')).toMatch(
      /listObjects 200: header X-TAXII-Date-Added-Last "2024-05-02 08:15:30" must match/,
    );
  });
});
