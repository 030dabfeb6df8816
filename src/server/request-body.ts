/**
 * The request body between the express layer and a document's router: read as text, labelled
 * by Content-Type, and parsed as JSON only once its media type is one the operation declares,
 * so a body of the wrong type is a 415 whatever it holds, never a 400 for failing to parse.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

import { addFormats } from '../schema/json-schemas.js';
import { TaxiiError } from './errors.js';
import { parseAccept } from './media-types.js';

/** A body as the client sent it, not yet parsed. */
export class RawBody {
  constructor(readonly text: string) {}
}

/**
 * Answers 415 unless `header` names one of `declared` (the operation's request body media
 * types): the same type and subtype, and the same `version` parameter when the client gives one.
 */
export function requireDeclaredMediaType(
  header: string | string[] | undefined,
  declared: readonly string[],
): void {
  const [given] = parseAccept(typeof header === 'string' ? header : '');
  const fits = declared.some((text) => {
    const [want] = parseAccept(text);
    if (given === undefined || want === undefined) return false;
    const version = given.params.get('version');
    return (
      given.type === want.type &&
      given.subtype === want.subtype &&
      (version === undefined || version === want.params.get('version'))
    );
  });
  if (!fits) {
    const shown = typeof header === 'string' && header !== '' ? `"${header}"` : 'unlabelled';
    throw new TaxiiError(
      'unsupported_media_type',
      `The request body must be ${declared.join(' or ')}, not ${shown}.`,
    );
  }
}

/** The body as JSON: a raw body is parsed (400 when it is not JSON); anything else is as given. */
export function parsedBody(body: unknown): unknown {
  if (!(body instanceof RawBody)) return body;
  if (body.text === '') return undefined;
  try {
    return JSON.parse(body.text);
  } catch {
    throw new TaxiiError('invalid_request', 'The request body is not valid JSON.');
  }
}

/** How many schema problems a 400 lists; a large envelope may have thousands. */
const LISTED_PROBLEMS = 5;

/**
 * Checks parsed bodies against the request body schemas of a dereferenced document.
 * openapi-backend validates `application/json` bodies only, and TAXII's media types are not
 * that, so the schemas are compiled here, once per operation, as the response checks do.
 */
export function createBodyCheck(): (operation: BodyOperation, body: unknown) => void {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction | null>();

  return (operation, body) => {
    if (!validators.has(operation.operationId)) {
      const [media] = Object.values(operation.requestBody?.content ?? {});
      validators.set(operation.operationId, media?.schema ? ajv.compile(media.schema) : null);
    }
    const validate = validators.get(operation.operationId);
    if (!validate || validate(body)) return;

    const errors = validate.errors ?? [];
    // Each branch of an allOf reports the same problem; it is said once.
    const all = [
      ...new Set(
        errors.map((e) => {
          const where = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
          return `${where ? `body.${where}` : 'body'}: ${e.message ?? 'is invalid'}`;
        }),
      ),
    ];
    const problems = all.slice(0, LISTED_PROBLEMS);
    const more = all.length > LISTED_PROBLEMS ? `; and ${all.length - LISTED_PROBLEMS} more` : '';
    throw new TaxiiError(
      'invalid_request',
      `The request body is invalid: ${problems.join('; ')}${more}.`,
    );
  };
}

/** What a body check reads of an operation of the dereferenced document. */
export interface BodyOperation {
  operationId: string;
  requestBody?: { content?: Record<string, { schema?: object }> };
}
