import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ConfigError } from '../../src/config/config-error.js';
import {
  loadCollectionsDocument,
  parseCollections,
} from '../../src/config/collections-document.js';

describe('collections documents', () => {
  it('reads both forms: a bare query, and a query with a description', () => {
    const collections = parseCollections(
      { AllIPs: 'type:IP', bad: { query: 'score:3', description: 'Bad ones' } },
      'collections.json',
    );
    expect(
      collections.map(({ name, query, description }) => ({ name, query, description })),
    ).toEqual([
      { name: 'AllIPs', query: 'type:IP', description: '' },
      { name: 'bad', query: 'score:3', description: 'Bad ones' },
    ]);
    expect(collections[0]!.ast.kind).not.toBe('all');
  });

  it('reads a writable collection without a query, and refuses a query on one', () => {
    const [shared] = parseCollections(
      { shared: { writable: true, write: ['bob'] } },
      'collections.json',
    );
    expect(shared).toMatchObject({ name: 'shared', query: '', writable: true });
    expect(() =>
      parseCollections({ shared: { writable: true, query: 'type:IP' } }, 'c.json'),
    ).toThrow(/collection "shared": is writable and also has a query/);
    expect(() => parseCollections({ bad: { description: 'no query' } }, 'c.json')).toThrow(
      /collection "bad": has no query/,
    );
  });

  it('serves one collection of everything when no document is configured', () => {
    const [only, ...rest] = loadCollectionsDocument(null);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ name: 'ALL', query: '' });
    expect(only!.ast.kind).toBe('all');
  });

  it('stops at a malformed query with the collection, the position and the reason', () => {
    expect(() => parseCollections({ 'bad-ips': 'type:IP and (score:3' }, 'c.json')).toThrow(
      'c.json: collection "bad-ips": query "type:IP and (score:3": expected ")" at 20',
    );
  });

  it.each([
    [[], /must be object/],
    [{ x: 3 }, /\/x: must be a query string or an object/],
    [{ x: { description: 'no query' } }, /collection "x": has no query/],
    [{ x: { query: '', colour: 'red' } }, /\/x/],
    [{ '': 'type:IP' }, /collection name "": must be 1 to 200 characters/],
  ])('refuses the document %j, naming what is wrong', (document, message) => {
    expect(() => parseCollections(document, 'c.json')).toThrow(ConfigError);
    expect(() => parseCollections(document, 'c.json')).toThrow(message);
  });

  it('refuses a file that is not JSON, naming the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'taxii2-coll-')), 'collections.json');
    writeFileSync(file, '{"a": "type:IP",}');
    expect(() => loadCollectionsDocument(file)).toThrow(`${file}: not valid JSON`);
  });
});
