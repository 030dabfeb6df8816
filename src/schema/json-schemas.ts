import { readFileSync } from 'node:fs';

import type { Ajv } from 'ajv';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

import { packageFile } from '../package-files.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
export const addFormats = ((addFormatsModule as { default?: unknown }).default ??
  addFormatsModule) as <A extends Ajv>(ajv: A) => A;

/** Compiles one of the project's own JSON schemas from `openapi/schemas/`. */
export function compileProjectSchema<T>(file: string): ValidateFunction<T> {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const schema = JSON.parse(
    readFileSync(packageFile('openapi', 'schemas', file), 'utf8'),
  ) as object;
  return ajv.compile<T>(schema);
}

/** One readable line per AJV error: `/apiRoot/name: must match pattern "..."`. */
export function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath || '(top level)';
    const extra =
      e.keyword === 'additionalProperties'
        ? ` "${String((e.params as { additionalProperty: string }).additionalProperty)}"`
        : e.keyword === 'enum'
          ? ` ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`
          : '';
    return `${where}: ${e.message ?? 'is invalid'}${extra}`;
  });
}

/** The first AJV error split into where it is and what is wrong, for start-up messages. */
export function firstSchemaError(errors: readonly ErrorObject[] | null | undefined): {
  field: string;
  problem: string;
} {
  const [first = '(top level): is invalid'] = describeSchemaErrors(errors);
  const at = first.indexOf(': ');
  return { field: first.slice(0, at), problem: first.slice(at + 2) };
}
