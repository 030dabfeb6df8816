#!/usr/bin/env node
/**
 * Builds the API documentation the server publishes at /docs/: for each OpenAPI document in
 * `openapi/taxii-*.yaml`, a bundled single-file JSON document and a Redoc page rendered by
 * `redocly build-docs` with the page template in `docs/site/`. The pages load Redoc's script
 * from the site itself, never from a CDN, so the docs work on a machine without internet.
 *
 *   node scripts/build-docs.js             write dist/docs/
 *   node scripts/build-docs.js --out DIR   write DIR instead (tests build into a temporary folder)
 *
 * The server fills its own URL into each page and document when it serves them: the pages are
 * rendered with a placeholder server URL that it replaces (see src/server/docs-site.ts).
 *
 * Plain JavaScript so that it runs before anything is compiled, as `npm run build` needs.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_DIR = path.join(ROOT, 'openapi');
const SITE_DIR = path.join(ROOT, 'docs', 'site');
const DOCUMENT_NAME = /^(taxii-(\d+\.\d+))\.yaml$/;
const require = createRequire(import.meta.url);
const REDOCLY = require.resolve('@redocly/cli/bin/cli.js');
// build-docs embeds this copy of Redoc with --inlineBundle, so it is the exact version the
// pages are pre-rendered with; serving a different build would break hydration.
const REDOC_BUNDLE = path.join(path.dirname(REDOCLY), '..', 'lib', 'chunks', 'redoc.standalone.js');
const CDN_BUNDLE =
  /https:\/\/cdn\.redocly\.com\/redoc\/v([0-9.]+)\/bundles\/redoc\.standalone\.js/g;
/** The server URL the pages are rendered with; the server replaces it with its own. */
const SERVER_PLACEHOLDER = 'https://taxii2-server-base-url.invalid';

const run = promisify(execFile);

/** Runs the Redocly CLI with telemetry off: the build must not reach for the network. */
async function redocly(args) {
  await run(process.execPath, [REDOCLY, ...args], {
    cwd: ROOT,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Copies a file into assets/ under a name carrying its content hash, so it can be cached. */
async function addAsset(outDir, source, baseName) {
  const bytes = await readFile(source);
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  const [stem, ext] = [baseName.replace(/\.[^.]+$/, ''), path.extname(baseName)];
  const name = `${stem}.${digest}${ext}`;
  await copyFile(source, path.join(outDir, 'assets', name));
  return { name, integrity: `sha384-${createHash('sha384').update(bytes).digest('base64')}` };
}

/** The operations of a bundled document, in document order, for the index page and checks. */
function operationsOf(document) {
  const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
  const operations = [];
  for (const [route, item] of Object.entries(document.paths ?? {})) {
    for (const method of methods) {
      const operation = item[method];
      if (!operation) continue;
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path: route,
        summary: operation.summary ?? '',
        tag: operation.tags?.[0] ?? '',
      });
    }
  }
  return operations;
}

/**
 * Points the page at the site's own copy of Redoc: the module import and the preload link.
 * Fails when the page names a Redoc other than the copy served, or any other CDN address.
 */
function localizeRedoc(html, bundle, version) {
  const versions = new Set([...html.matchAll(CDN_BUNDLE)].map((m) => m[1]));
  if (versions.size !== 1 || !versions.has(version)) {
    throw new Error(
      `build-docs referred to Redoc ${[...versions].join(', ') || 'nothing'}, but the bundle ` +
        `served is ${version}`,
    );
  }
  const local = html
    .replace(CDN_BUNDLE, `../assets/${bundle.name}`)
    .replace(/integrity="sha384-[^"]*"/g, `integrity="${bundle.integrity}"`);
  // Links may point anywhere; nothing the page loads may.
  const remote = local.match(
    /<(?:script|img|iframe)\b[^>]*\ssrc="https?:[^"]*"|<link\b[^>]*\shref="https?:[^"]*"|from "https?:[^"]*"/,
  );
  if (remote) throw new Error(`the page still loads ${remote[0]}`);
  return local;
}

async function buildApi(outDir, workDir, sourceName, assets, redocVersion) {
  const [, api, version] = DOCUMENT_NAME.exec(sourceName);
  const documentFile = path.join(outDir, `${api}.json`);
  await redocly(['bundle', path.join(SOURCE_DIR, sourceName), '--ext', 'json', '-o', documentFile]);
  const document = JSON.parse(await readFile(documentFile, 'utf8'));

  // The page is rendered from a copy whose servers name the placeholder, so that every place
  // Redoc shows the server URL can take the real one at serve time.
  const pageSource = path.join(workDir, `${api}.json`);
  const servers = (document.servers ?? [{}]).map((s) => ({ ...s, url: SERVER_PLACEHOLDER }));
  await writeFile(pageSource, JSON.stringify({ ...document, servers }));
  const pageFile = path.join(workDir, `${api}.html`);
  await redocly([
    'build-docs',
    pageSource,
    '--template',
    path.join(SITE_DIR, 'page.hbs'),
    '-o',
    pageFile,
    `--title=${document.info.title} API reference`,
    `--templateOptions.api=${api}`,
    `--templateOptions.tryItScript=${assets.tryIt.name}`,
    `--templateOptions.style=${assets.style.name}`,
  ]);
  const html = localizeRedoc(await readFile(pageFile, 'utf8'), assets.redoc, redocVersion);
  if (!html.includes(SERVER_PLACEHOLDER)) throw new Error(`${api}: the page names no server`);
  await writeFile(path.join(outDir, `${api}.html`), html);

  return {
    api,
    version,
    title: document.info.title,
    description: document.info.description ?? '',
    page: `${api}.html`,
    document: `${api}.json`,
    operations: operationsOf(document),
  };
}

async function redocVersionOf(bundleFile) {
  const head = (await readFile(bundleFile, 'utf8')).slice(0, 400);
  const version = /Version: ([0-9.]+)/.exec(head)?.[1];
  if (!version) throw new Error(`${bundleFile} does not say which Redoc it is`);
  return version;
}

async function main(args) {
  const at = args.indexOf('--out');
  const outDir = path.resolve(at >= 0 ? args[at + 1] : path.join(ROOT, 'dist', 'docs'));
  const sources = (await readdir(SOURCE_DIR)).filter((n) => DOCUMENT_NAME.test(n)).sort();
  if (sources.length === 0) throw new Error('no openapi/taxii-*.yaml documents found');

  // Built beside the target and moved into place at the end, so a server starting meanwhile
  // finds the old site or the new one, never half of one.
  const building = `${outDir}.building-${process.pid}`;
  const workDir = await mkdtemp(path.join(tmpdir(), 'taxii2-docs-'));
  try {
    await mkdir(path.join(building, 'assets'), { recursive: true });
    const redocVersion = await redocVersionOf(REDOC_BUNDLE);
    const assets = {
      redoc: await addAsset(building, REDOC_BUNDLE, 'redoc.standalone.js'),
      tryIt: await addAsset(building, path.join(SITE_DIR, 'try-it.js'), 'try-it.js'),
      style: await addAsset(building, path.join(SITE_DIR, 'docs.css'), 'docs.css'),
    };
    const apis = [];
    for (const source of sources) {
      apis.push(await buildApi(building, workDir, source, assets, redocVersion));
    }
    const manifest = {
      redoc: redocVersion,
      serverPlaceholder: SERVER_PLACEHOLDER,
      style: assets.style.name,
      apis,
    };
    await writeFile(path.join(building, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

    await rm(outDir, { recursive: true, force: true });
    await rename(building, outDir);
    const count = apis.reduce((n, a) => n + a.operations.length, 0);
    const shown = path.relative(process.cwd(), outDir) || '.';
    console.log(`wrote ${shown}/: ${apis.length} APIs, ${count} operations, Redoc ${redocVersion}`);
  } finally {
    await rm(building, { recursive: true, force: true });
    await rm(workDir, { recursive: true, force: true });
  }
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof Error ? err.stderr || err.message : err);
  process.exitCode = 1;
}
