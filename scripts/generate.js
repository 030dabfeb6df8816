#!/usr/bin/env node
/**
 * Generates TypeScript types from the OpenAPI documents: `openapi/taxii-<version>.yaml` becomes
 * `generated/taxii-<version>.ts`.
 *
 *   node scripts/generate.js           write generated/ (and remove files no document produces)
 *   node scripts/generate.js --check   regenerate in memory; exit 1 if generated/ differs
 *
 * Plain JavaScript so that it runs before anything is compiled, in CI as on a fresh clone.
 */
import { readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

import openapiTS, { astToString } from 'openapi-typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_DIR = path.join(ROOT, 'openapi');
const OUTPUT_DIR = path.join(ROOT, 'generated');
const DOCUMENT_NAME = /^taxii-.+\.yaml$/;

/** The banner every generated file starts with; it names its source and how to remake it. */
function header(sourceName) {
  return [
    '// Generated from openapi/' + sourceName + ' by openapi-typescript; do not edit.',
    '// Change the document instead and run `npm run generate` (node scripts/generate.js).',
    '',
    '',
  ].join('\n');
}

/** Lists the OpenAPI documents to generate from, sorted so runs are repeatable. */
async function listDocuments() {
  const names = await readdir(SOURCE_DIR);
  return names.filter((name) => DOCUMENT_NAME.test(name)).sort();
}

/** Renders one document to the text of its generated file. */
async function render(sourceName) {
  const source = pathToFileURL(path.join(SOURCE_DIR, sourceName));
  const ast = await openapiTS(source, { silent: true });
  const body = astToString(ast).replace(/\r\n/g, '\n').trimEnd();

  return header(sourceName) + body + '\n';
}

/** Renders every document, keyed by the generated file's name. */
async function renderAll() {
  const outputs = new Map();
  for (const sourceName of await listDocuments()) {
    outputs.set(sourceName.replace(/\.yaml$/, '.ts'), await render(sourceName));
  }

  return outputs;
}

async function readExisting() {
  try {
    return (await readdir(OUTPUT_DIR, { withFileTypes: true })).map((entry) => entry.name);
  } catch (err) {
    if (err.code === 'ENOENT') return [];
    throw err;
  }
}

async function readText(file) {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Compares generated/ with fresh output; returns one line per file that is stale or extra. */
async function findDrift(outputs) {
  const problems = [];
  for (const [name, text] of outputs) {
    const current = await readText(path.join(OUTPUT_DIR, name));
    if (current === undefined) problems.push(`generated/${name} is missing`);
    else if (current !== text) problems.push(`generated/${name} differs from its document`);
  }
  for (const name of await readExisting()) {
    if (!outputs.has(name)) problems.push(`generated/${name} comes from no document`);
  }

  return problems;
}

async function write(outputs) {
  await mkdir(OUTPUT_DIR, { recursive: true });
  for (const name of await readExisting()) {
    if (outputs.has(name)) continue;
    await rm(path.join(OUTPUT_DIR, name), { recursive: true });
    console.log(`removed generated/${name}: no document produces it`);
  }
  for (const [name, text] of outputs) {
    await writeFile(path.join(OUTPUT_DIR, name), text);
    console.log(`wrote generated/${name}`);
  }
}

async function main(args) {
  const check = args.includes('--check');
  const outputs = await renderAll();
  if (outputs.size === 0) {
    console.error('no openapi/taxii-*.yaml documents found');
    return 1;
  }

  if (!check) {
    await write(outputs);
    return 0;
  }

  const problems = await findDrift(outputs);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) {
    console.error('generated/ is stale: run npm run generate');
    return 1;
  }
  console.log(`generated/ is up to date (${outputs.size} file(s))`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
