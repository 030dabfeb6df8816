/**
 * The examples of an OpenAPI document that the mock serves, and which request each answers.
 *
 * An example opts in with the extension `x-taxii-mock`:
 *
 *   x-taxii-mock:
 *     when:                       # alternatives; the example answers when one of them holds
 *       - params: { collection_id: e9f98ec3-... }   # path parameters, exact
 *         query: { next: abc }                      # query parameters: exact, '*' for any,
 *                                                   # or null for none
 *         headers: { range: '*' }                   # request headers, exact, or '*' for any
 *         itemsFrom: 2                              # a TAXII 2.0 Range starting at this item
 *     headers:                    # response headers sent with the example
 *       Content-Range: items 2-2/3
 *
 * Without `when` an example answers every request of its operation. Among the examples whose
 * conditions hold, the most specific one wins: an exact value counts two, a '*' or a null
 * one; ties go to the example written first. A request no example answers is a 404, as an unknown id is.
 */

type Json = Record<string, unknown>;

/** Expected values by name: the exact text, '*' for any value, null for no value at all. */
type Expected = Record<string, string | null>;

export interface MockCondition {
  params: Expected;
  query: Expected;
  headers: Expected;
  itemsFrom: number | null;
}

export interface MockExample {
  operationId: string;
  status: number;
  mediaType: string;
  name: string;
  value: unknown;
  when: MockCondition[];
  headers: Record<string, string>;
}

/** What of a request the conditions look at; header names in lower case. */
export interface MockRequest {
  params: Readonly<Record<string, string>>;
  query: Readonly<Record<string, unknown>>;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const ANY = '*';

/** Every example of a dereferenced document that carries `x-taxii-mock`, by operationId. */
export function mockExamples(definition: unknown): Map<string, MockExample[]> {
  const byOperation = new Map<string, MockExample[]>();
  const paths = asObject(asObject(definition)['paths']);
  for (const pathItem of Object.values(paths)) {
    for (const method of METHODS) {
      const operation = asObject(asObject(pathItem)[method]);
      const operationId = operation['operationId'];
      if (typeof operationId !== 'string') continue;
      const queryNames = declaredQuery(asObject(pathItem), operation);
      const found: MockExample[] = [];
      for (const [status, response] of Object.entries(asObject(operation['responses']))) {
        if (!/^\d{3}$/.test(status)) continue;
        const content = asObject(asObject(response)['content']);
        for (const [mediaType, media] of Object.entries(content)) {
          for (const [name, example] of Object.entries(asObject(asObject(media)['examples']))) {
            const extension = asObject(example)['x-taxii-mock'];
            if (extension === undefined) continue;
            const read = readExample(
              operationId,
              Number(status),
              mediaType,
              name,
              asObject(example),
            );
            // A shared response may name a query parameter that this operation does not take;
            // request validation refuses such a request first, so the condition never holds.
            read.when = read.when.filter((c) => Object.keys(c.query).every(queryNames));
            if (read.when.length > 0) found.push(read);
          }
        }
      }
      byOperation.set(operationId, found);
    }
  }
  return byOperation;
}

/** Whether a query parameter name is one the operation declares (`match[type]` for `match`). */
function declaredQuery(pathItem: Json, operation: Json): (name: string) => boolean {
  const parameters = [pathItem['parameters'], operation['parameters']].flatMap((list) =>
    Array.isArray(list) ? list.map(asObject) : [],
  );
  const names = parameters.filter((p) => p['in'] === 'query').map((p) => String(p['name']));
  return (name) => names.some((declared) => name === declared || name.startsWith(`${declared}[`));
}

/** The example that answers a request: the most specific one whose conditions hold. */
export function chooseExample(
  examples: readonly MockExample[],
  request: MockRequest,
  accepts: (example: MockExample) => boolean = () => true,
): MockExample | null {
  let best: MockExample | null = null;
  let bestScore = -1;
  for (const example of examples) {
    if (!accepts(example)) continue;
    for (const condition of example.when) {
      const score = conditionScore(condition, request);
      if (score > bestScore) {
        best = example;
        bestScore = score;
      }
    }
  }
  return best;
}

/** How specific a condition is when it holds for the request; -1 when it does not hold. */
function conditionScore(condition: MockCondition, request: MockRequest): number {
  let score = 0;
  const holds = (expected: string | null, actual: string | undefined): boolean => {
    if (expected === null) {
      score += 1;
      return actual === undefined;
    }
    if (actual === undefined) return false;
    if (expected === ANY) {
      score += 1;
      return true;
    }
    score += 2;
    return expected === actual;
  };
  for (const [name, expected] of Object.entries(condition.params)) {
    if (!holds(expected, request.params[name])) return -1;
  }
  for (const [name, expected] of Object.entries(condition.query)) {
    if (!holds(expected, firstText(request.query[name]))) return -1;
  }
  for (const [name, expected] of Object.entries(condition.headers)) {
    if (!holds(expected, firstText(request.headers[name.toLowerCase()]))) return -1;
  }
  if (condition.itemsFrom !== null) {
    const from = rangeStart(firstText(request.headers['range']));
    if (from !== condition.itemsFrom) return -1;
    score += 2;
  }
  return score;
}

/** The first item of a TAXII 2.0 `Range: items a-b` (or `items=a-b`); null when unreadable. */
export function rangeStart(header: string | undefined): number | null {
  const match = header === undefined ? null : /^\s*items[\s=]\s*(\d+)\s*-/i.exec(header);
  return match ? Number(match[1]) : null;
}

function readExample(
  operationId: string,
  status: number,
  mediaType: string,
  name: string,
  example: Json,
): MockExample {
  const extension = asObject(example['x-taxii-mock']);
  const when = Array.isArray(extension['when']) ? extension['when'] : [{}];
  return {
    operationId,
    status,
    mediaType,
    name,
    value: example['value'],
    when: when.map((c) => readCondition(asObject(c), `${operationId} ${status} ${name}`)),
    headers: textRecord(extension['headers'], `${operationId} ${status} ${name} headers`, false),
  };
}

function readCondition(condition: Json, where: string): MockCondition {
  const itemsFrom = condition['itemsFrom'];
  if (itemsFrom !== undefined && !Number.isInteger(itemsFrom)) {
    throw new Error(`x-taxii-mock of ${where}: itemsFrom must be a whole number`);
  }
  return {
    params: textRecord(condition['params'], `${where} params`, true),
    query: textRecord(condition['query'], `${where} query`, true),
    headers: textRecord(condition['headers'], `${where} headers`, true),
    itemsFrom: (itemsFrom as number | undefined) ?? null,
  };
}

function textRecord(value: unknown, where: string, nulls: true): Expected;
function textRecord(value: unknown, where: string, nulls: false): Record<string, string>;
function textRecord(value: unknown, where: string, nulls: boolean): Expected {
  const out: Expected = {};
  for (const [name, text] of Object.entries(asObject(value))) {
    if (typeof text !== 'string' && !(nulls && text === null)) {
      throw new Error(`x-taxii-mock of ${where}: ${name} must be text${nulls ? ' or null' : ''}`);
    }
    out[name] = text;
  }
  return out;
}

function firstText(value: unknown): string | undefined {
  if (Array.isArray(value)) return firstText(value[0]);
  return typeof value === 'string' ? value : undefined;
}

function asObject(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : {};
}
