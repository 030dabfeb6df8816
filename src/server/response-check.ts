import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { OpenAPIBackend, type Operation } from 'openapi-backend';

import { addFormats } from '../schema/json-schemas.js';

/** A response as it left the server, for checking against the document. */
export interface ResponseFacts {
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
}

type ResponseObject = {
  content?: Record<string, unknown>;
  headers?: Record<string, { required?: boolean; schema?: { type?: unknown } }>;
};

/** What one response was checked as: its operation (null when no operation routes it). */
export interface ResponseVerdict {
  operation: string | null;
  problems: string[];
}

/**
 * Checks responses against the OpenAPI document that routed their requests: the status must be
 * one the operation declares, the media type one it declares for that status, the body valid
 * against its schema, every required header present and every declared header that is sent
 * valid against its schema. Returns one line per violation.
 */
export function createResponseChecker(api: OpenAPIBackend) {
  const judge = createResponseJudge(api);
  return (facts: ResponseFacts): string[] => {
    const { operation, problems } = judge(facts);
    const where = `${operation ?? facts.path} ${facts.status}`;
    return problems.map((problem) => `${where}: ${problem}`);
  };
}

/** The checks of createResponseChecker, with the operation and the problems kept apart. */
export function createResponseJudge(api: OpenAPIBackend) {
  // openapi-backend compiles response validators for JSON media types only, and TAXII's are
  // not `application/json`, so bodies are checked with validators of our own, compiled once.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction | null>();
  const validatorFor = (key: string, media: unknown): ValidateFunction | null => {
    if (!validators.has(key)) {
      const schema = (media as { schema?: object } | undefined)?.schema;
      validators.set(key, schema ? ajv.compile(schema) : null);
    }
    return validators.get(key) ?? null;
  };

  return (facts: ResponseFacts): ResponseVerdict => {
    const operation = api.router.matchOperation({
      method: facts.method.toLowerCase(),
      path: facts.path,
      headers: {},
    });
    if (!operation) return { operation: null, problems: [] };

    const operationId = operation.operationId ?? facts.path;
    const declared = declaredResponse(operation, facts.status);
    if (!declared) {
      return { operation: operationId, problems: [`status ${facts.status} is not declared`] };
    }

    const problems: string[] = [];
    const mediaTypes = Object.keys(declared.content ?? {});
    if (mediaTypes.length > 0 && !mediaTypes.some((m) => sameMediaType(m, facts.contentType))) {
      problems.push(`Content-Type ${facts.contentType ?? '(none)'} is not declared`);
    }
    const mediaType = mediaTypes.find((m) => sameMediaType(m, facts.contentType)) ?? mediaTypes[0];
    if (mediaType) {
      const key = `${operationId} ${facts.status} ${mediaType}`;
      const validate = validatorFor(key, declared.content?.[mediaType]);
      if (validate && !validate(facts.body)) {
        for (const e of validate.errors ?? []) {
          problems.push(`body${e.instancePath} ${e.message ?? 'is invalid'}`);
        }
      }
    }
    for (const [name, header] of Object.entries(declared.headers ?? {})) {
      const value = facts.headers[name.toLowerCase()];
      if (value === undefined) {
        if (header.required) problems.push(`required header ${name} is missing`);
        continue;
      }
      const validate = validatorFor(`${operationId} ${facts.status} header ${name}`, header);
      if (validate && !validate(headerValue(value, header.schema?.type))) {
        for (const e of validate.errors ?? []) {
          problems.push(`header ${name} "${value}" ${e.message ?? 'is invalid'}`);
        }
      }
    }
    return { operation: operationId, problems };
  };
}

export type ResponseChecker = ReturnType<typeof createResponseChecker>;
export type ResponseJudge = ReturnType<typeof createResponseJudge>;

/** One OpenAPI document file, loaded and dereferenced for checking responses against it. */
export async function loadCheckingBackend(document: string): Promise<OpenAPIBackend> {
  const api = new OpenAPIBackend({
    definition: document,
    ignoreTrailingSlashes: false,
    customizeAjv: (ajv) => addFormats(ajv),
  });
  await api.init();
  return api;
}

/** The response checker of one OpenAPI document file. */
export async function loadResponseChecker(document: string): Promise<ResponseChecker> {
  return createResponseChecker(await loadCheckingBackend(document));
}

/** A header's text as its schema types it: numbers for numeric schemas, the text otherwise. */
function headerValue(text: string, type: unknown): unknown {
  return type === 'integer' || type === 'number' ? Number(text) : text;
}

function declaredResponse(operation: Operation, status: number): ResponseObject | undefined {
  const responses = (operation.responses ?? {}) as Record<string, ResponseObject>;
  return responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses['default'];
}

function sameMediaType(declared: string, actual: string | null): boolean {
  const normalize = (text: string) => text.replace(/\s+/g, '').toLowerCase();
  return actual !== null && normalize(declared) === normalize(actual);
}
