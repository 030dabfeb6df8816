import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The shared folder beside the checkout: real public data and the OASIS schemas (tests only). */
export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));

export function realData(...segments: string[]): string {
  return join(SHARED, 'data', 'real', ...segments);
}
