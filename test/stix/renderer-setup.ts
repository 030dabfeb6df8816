/** A renderer for tests, with its warnings collected and its output parsed. */

import { installationNamespace } from '../../src/stix/ids.js';
import { createStixRenderer, type StixOptions } from '../../src/stix/renderer.js';
import { storedIndicator } from './stored-indicator.js';

export const NAMESPACE = installationNamespace('renderer tests');

export const parse = (json: string) => JSON.parse(json) as Record<string, unknown>;

export function setup(options: Partial<StixOptions> = {}) {
  const warnings: { fields: Record<string, unknown>; msg: string }[] = [];
  const renderer = createStixRenderer({
    version: '2.1',
    namespace: NAMESPACE,
    warn: (fields, msg) => warnings.push({ fields: fields as Record<string, unknown>, msg }),
    ...options,
  });
  const objects = (overrides: Parameters<typeof storedIndicator>[0] = {}) =>
    renderer.render(storedIndicator(overrides)).map((o) => parse(o.json));
  return { renderer, warnings, objects };
}
