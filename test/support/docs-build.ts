import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { loadDocsSite, type DocsSite } from '../../src/server/docs-site.js';

const BUILD_SCRIPT = fileURLToPath(new URL('../../scripts/build-docs.js', import.meta.url));

export interface BuiltDocs {
  dir: string;
  site: DocsSite;
  remove(): void;
}

/**
 * Runs the real docs build (scripts/build-docs.js, as `npm run docs` does) into a temporary
 * folder, so tests never race a build of dist/ and see exactly what the build produces.
 */
export async function buildDocs(): Promise<BuiltDocs> {
  const dir = mkdtempSync(join(tmpdir(), 'taxii2-docs-test-'));
  await promisify(execFile)(process.execPath, [BUILD_SCRIPT, '--out', dir]);
  const site = loadDocsSite(dir);
  if (!site) throw new Error(`the docs build wrote no manifest into ${dir}`);
  return { dir, site, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
