import type { ErrorObject } from 'ajv';

import { DEFAULT_ACCESS, type CollectionAccess } from '../auth/collection-access.js';
import type { QueryNode } from '../query/ast.js';
import { parseQuery, QuerySyntaxError } from '../query/parser.js';
import { compileProjectSchema, firstSchemaError } from '../schema/json-schemas.js';
import { ConfigError } from './config-error.js';
import { readJsonFile } from './read-json-file.js';

/** One collection as the document declares it, its query already parsed. */
export interface CollectionDefinition {
  name: string;
  query: string;
  description: string;
  ast: QueryNode;
  access: CollectionAccess;
  /** Holds the objects its writers post rather than the indicators of a query. */
  writable: boolean;
}

interface CollectionEntry {
  query?: string;
  description?: string;
  writable?: boolean;
  public?: boolean;
  read?: string[];
  write?: string[];
}

type CollectionsDocument = Record<string, string | CollectionEntry>;

const validateDocument = compileProjectSchema<CollectionsDocument>('collections.schema.json');

/** When no document is configured: one collection of every indicator. */
export const DEFAULT_COLLECTIONS: CollectionsDocument = {
  ALL: { query: '', description: 'Every indicator in the store.' },
};

/** Reads and checks a collections document; every query must parse, or start-up stops. */
export function loadCollectionsDocument(file: string | null): CollectionDefinition[] {
  const document =
    file === null
      ? DEFAULT_COLLECTIONS
      : readJsonFile(file, 'collections document', '--collections');
  return parseCollections(document, file ?? 'default collections');
}

/** Checks an already-read document; `source` names it in errors. */
export function parseCollections(document: unknown, source: string): CollectionDefinition[] {
  if (!validateDocument(document)) {
    const { field, problem } = documentProblem(validateDocument.errors);
    throw new ConfigError(
      source,
      field,
      problem,
      'each entry is "name": "query" or ' +
        '"name": {"query": "...", "description": "...", "read": ["user"], "write": ["user"]}',
    );
  }

  return Object.entries(document).map(([name, entry]) => {
    const writable = typeof entry !== 'string' && entry.writable === true;
    const query = typeof entry === 'string' ? entry : readQuery(source, name, entry);
    const description = typeof entry === 'string' ? '' : (entry.description ?? '');
    const access = typeof entry === 'string' ? DEFAULT_ACCESS : readAccess(source, name, entry);
    const ast = parseCollectionQuery(source, name, query);
    return { name, query, description, ast, access, writable };
  });
}

// A writable collection holds what is posted to it, so a query could only contradict that.
function readQuery(source: string, name: string, entry: CollectionEntry): string {
  const field = `collection "${name}"`;
  if (entry.writable === true) {
    if (entry.query === undefined) return '';
    throw new ConfigError(
      source,
      field,
      'is writable and also has a query',
      'drop "query": a writable collection serves the objects posted to it',
    );
  }
  if (entry.query !== undefined) return entry.query;
  throw new ConfigError(
    source,
    field,
    'has no query',
    'add "query": "<indicator query>", or "writable": true for a collection clients post to',
  );
}

function readAccess(source: string, name: string, entry: CollectionEntry): CollectionAccess {
  if (entry.public === true && entry.read !== undefined) {
    throw new ConfigError(
      source,
      `collection "${name}"`,
      'is public and also lists readers',
      'drop "read" to let every client read it, or drop "public" to limit it to the readers',
    );
  }
  return {
    public: entry.public === true,
    read: entry.read ?? null,
    write: entry.write ?? [],
  };
}

function parseCollectionQuery(source: string, name: string, query: string): QueryNode {
  try {
    return parseQuery(query);
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    throw new ConfigError(
      source,
      `collection "${name}"`,
      `query ${JSON.stringify(query)}: ${error.message}`,
      'correct the query; `taxii2-server query "<query>" --explain` shows how it parses',
    );
  }
}

// AJV reports every branch of the entry's oneOf; one sentence about the entry reads better.
function documentProblem(errors: readonly ErrorObject[] | null | undefined): {
  field: string;
  problem: string;
} {
  const first = errors?.[0];
  const named = errors?.find((e) => e.keyword === 'propertyNames');
  const name = (named?.params as { propertyName?: string } | undefined)?.propertyName;
  if (name !== undefined) {
    const field = `collection name ${JSON.stringify(name)}`;
    return { field, problem: 'must be 1 to 200 characters' };
  }
  const entry = /^\/[^/]+/.exec(first?.instancePath ?? '')?.[0];
  const extra = errors?.find((e) => e.keyword === 'additionalProperties');
  if (entry && extra) return firstSchemaError([extra]);
  const inside = errors?.find((e) => e.instancePath.startsWith(`${entry ?? ''}/`));
  if (entry && inside) return firstSchemaError([inside]);
  if (entry) {
    return { field: entry, problem: 'must be a query string or an object with a "query" string' };
  }
  return firstSchemaError(errors);
}
