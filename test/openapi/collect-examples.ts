/** The examples of a dereferenced OpenAPI document, each with the schema it must satisfy. */

export type Json = Record<string, unknown>;

/** One example found in the document, with the schema it must satisfy. */
export interface FoundExample {
  where: string;
  schema: object;
  value: unknown;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Collects every example of the dereferenced document. Parameters, headers and media types are
 * the objects that carry both `schema` and `example`/`examples`, so a walk finds them all.
 */
export function collectExamples(
  node: unknown,
  where = '#',
  found: FoundExample[] = [],
): FoundExample[] {
  if (Array.isArray(node)) {
    node.forEach((item, index) => collectExamples(item, `${where}/${index}`, found));
    return found;
  }
  if (!isObject(node)) return found;

  const schema = node['schema'];
  if (isObject(schema)) {
    if ('example' in node) {
      found.push({ where: `${where}/example`, schema, value: node['example'] });
    }
    const examples = isObject(node['examples']) ? node['examples'] : {};
    for (const [name, example] of Object.entries(examples)) {
      if (isObject(example)) {
        found.push({ where: `${where}/examples/${name}`, schema, value: example['value'] });
      }
    }
  }
  for (const [key, child] of Object.entries(node)) {
    if (key !== 'example' && key !== 'examples') collectExamples(child, `${where}/${key}`, found);
  }

  return found;
}

/** A schema's title, looking through `allOf` for schemas composed from a titled one. */
export function schemaTitle(schema: object): unknown {
  const direct = (schema as { title?: unknown }).title;
  const allOf = (schema as { allOf?: unknown[] }).allOf;

  return direct ?? (Array.isArray(allOf) ? schemaTitle(allOf[0] as object) : undefined);
}
