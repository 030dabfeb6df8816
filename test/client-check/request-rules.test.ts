import { describe, expect, it } from 'vitest';

import {
  queryPairs,
  requestDeviations,
  type AuditedRequest,
} from '../../src/client-check/request-rules.js';

const V21: AuditedRequest = {
  method: 'GET',
  path: '/threatintel/collections/',
  query: [],
  accept: 'application/taxii+json;version=2.1',
  contentType: undefined,
  range: undefined,
  version: '2.1',
  responseMediaTypes: ['application/taxii+json;version=2.1'],
  requestMediaTypes: [],
};
const V20: AuditedRequest = {
  ...V21,
  accept: 'application/vnd.oasis.stix+json; version=2.0',
  version: '2.0',
  responseMediaTypes: [
    'application/vnd.oasis.stix+json; version=2.0',
    'application/vnd.oasis.taxii+json; version=2.0',
  ],
};

const rules = (request: AuditedRequest) => requestDeviations(request).map((d) => d.rule);
const details = (request: AuditedRequest) => requestDeviations(request).map((d) => d.detail);

describe('what a request should look like', () => {
  it('finds nothing in a request written as the document writes it', () => {
    const query = queryPairs(
      'added_after=2024-05-02T08:15:30.123Z&match[type]=indicator,ipv4-addr',
    );
    expect(requestDeviations({ ...V21, query })).toEqual([]);
    expect(requestDeviations({ ...V20, range: 'items 0-99' })).toEqual([]);
  });

  it('accepts a quality value after the media type, and one right type among others', () => {
    expect(
      rules({ ...V21, accept: 'application/json, application/taxii+json;version=2.1;q=0.9' }),
    ).toEqual([]);
  });

  it('names a missing Accept, a wildcard and a type spelled with a space', () => {
    expect(details({ ...V21, accept: undefined })).toEqual([
      'no Accept header; send application/taxii+json;version=2.1',
    ]);
    expect(rules({ ...V21, accept: '*/*' })).toEqual(['media-type']);
    expect(rules({ ...V21, accept: 'application/taxii+json; version=2.1' })).toEqual([
      'media-type',
    ]);
    expect(rules({ ...V20, accept: 'application/vnd.oasis.taxii+json;version=2.0' })).toEqual([
      'media-type',
    ]);
  });

  it('holds a posted body to the request media type', () => {
    const post = {
      ...V21,
      method: 'POST',
      requestMediaTypes: ['application/taxii+json;version=2.1'],
    };
    expect(rules({ ...post, contentType: 'application/json' })).toEqual(['media-type']);
    expect(rules({ ...post, contentType: 'application/taxii+json;version=2.1' })).toEqual([]);
  });

  it('finds filters that are repeated, unknown, loosely listed or not TAXII timestamps', () => {
    const query = queryPairs(
      'match[type]=indicator&match[type]=malware&match[colour]=red&match[id]=a,,b' +
        '&added_after=2024-05-02%2008:15:30Z&match[version]=last%2C%20first',
    );
    expect(rules({ ...V21, query }).sort()).toEqual([
      'filter-syntax',
      'filter-syntax',
      'filter-syntax',
      'filter-syntax',
      'repeated-parameter',
    ]);
    expect(details({ ...V21, query })).toContain(
      'added_after="2024-05-02 08:15:30Z" is not a TAXII timestamp (2024-05-02T08:15:30.123Z)',
    );
  });

  it('knows which filters and paging each version has', () => {
    expect(rules({ ...V20, query: queryPairs('match[spec_version]=2.0') })).toEqual([
      'filter-syntax',
    ]);
    expect(rules({ ...V20, query: queryPairs('limit=10') })).toEqual(['paging']);
    expect(rules({ ...V21, range: 'items 0-9' })).toEqual(['paging']);
    expect(rules({ ...V20, range: 'items=0-9' })).toEqual(['paging']);
    expect(rules({ ...V21, query: queryPairs('page=2') })).toEqual(['unknown-parameter']);
  });

  it('names a path without its final slash', () => {
    expect(details({ ...V21, path: '/threatintel/collections' })).toEqual([
      '/threatintel/collections lacks the final "/" TAXII URLs end with',
    ]);
  });
});
