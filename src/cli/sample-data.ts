import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { ImportDefaults } from '../importers/index.js';
import { importFiles, type ImportReport } from '../importers/run-import.js';
import { packageFile } from '../package-files.js';
import type { Runtime } from '../runtime.js';

interface SampleManifest {
  collections: string;
  files: Array<{ path: string; defaults?: ImportDefaults }>;
}

const MANIFEST = packageFile('samples', 'manifest.json');

function readManifest(): SampleManifest {
  return JSON.parse(readFileSync(MANIFEST, 'utf8')) as SampleManifest;
}

/** The bundled sample collections document. */
export function sampleCollectionsFile(): string {
  return join(dirname(MANIFEST), readManifest().collections);
}

/** Imports the bundled real-world sample indicators, each file with its own defaults. */
export function loadSampleIndicators(runtime: Runtime): Promise<ImportReport> {
  const files = readManifest().files.map((f) => ({
    path: join(dirname(MANIFEST), f.path),
    ...(f.defaults ? { defaults: f.defaults } : {}),
  }));
  return importFiles(runtime, files);
}
