import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { dump } from 'js-yaml';

import { packageFile } from '../package-files.js';

/** Where `npm run docs` (scripts/build-docs.js) writes the site; the package ships it. */
export const BUILT_DOCS = packageFile('dist', 'docs');

/** One operation as the index page lists it. */
export interface DocsOperation {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  tag: string;
}

/** One API of the site: its reference page and its bundled OpenAPI document. */
export interface DocsApi {
  /** `taxii-2.1`: the document's file name, and the page's and documents' URL segment. */
  api: string;
  /** The TAXII version the document describes. */
  version: string;
  title: string;
  description: string;
  operations: DocsOperation[];
  /** The page as built, naming the placeholder server URL. */
  page: string;
  /** The bundled document as built (its `servers` are replaced when served). */
  document: Record<string, unknown>;
}

/** The built documentation, read once at start. */
export interface DocsSite {
  apis: DocsApi[];
  /** The name of the shared style sheet under assets/. */
  style: string;
  /** Files under assets/, by name: content-hashed, so they may be cached for good. */
  assets: ReadonlyMap<string, Buffer>;
  placeholder: string;
}

interface Manifest {
  redoc: string;
  serverPlaceholder: string;
  style: string;
  apis: Array<Omit<DocsApi, 'page' | 'document'> & { page: string; document: string }>;
}

/** Reads the built site, or returns null when it was not built (a checkout before `npm run docs`). */
export function loadDocsSite(dir: string = BUILT_DOCS): DocsSite | null {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) return null;
  try {
    return readSite(dir, manifestFile);
  } catch (error) {
    // A build replacing the folder this instant: serve without docs rather than not start.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function readSite(dir: string, manifestFile: string): DocsSite {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;

  const apis = manifest.apis.map((entry) => ({
    ...entry,
    page: readFileSync(join(dir, entry.page), 'utf8'),
    document: JSON.parse(readFileSync(join(dir, entry.document), 'utf8')) as Record<
      string,
      unknown
    >,
  }));
  const assets = new Map(
    readdirSync(join(dir, 'assets')).map((name) => [name, readFileSync(join(dir, 'assets', name))]),
  );
  return { apis, style: manifest.style, assets, placeholder: manifest.serverPlaceholder };
}

/**
 * The document with `servers` naming this server: its public base URL (path prefix included),
 * to which the document's paths are relative.
 */
export function servedDocument(api: DocsApi, baseUrl: string): Record<string, unknown> {
  const built = (api.document['servers'] as Array<Record<string, unknown>> | undefined) ?? [{}];
  return { ...api.document, servers: built.map((server) => ({ ...server, url: baseUrl })) };
}

export function documentAsJson(document: Record<string, unknown>): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function documentAsYaml(document: Record<string, unknown>): string {
  return dump(document, { lineWidth: 100, noRefs: true });
}

/** A reference page for one base URL, and the content policy that lets exactly its scripts run. */
export interface ServedPage {
  html: string;
  contentSecurityPolicy: string;
}

/**
 * Fills the base URL in for the placeholder, escaped for where each occurrence stands: inside
 * inline scripts it is part of a JSON string, elsewhere it is HTML text or an attribute.
 */
export function servedPage(site: DocsSite, api: DocsApi, baseUrl: string): ServedPage {
  const inScript = JSON.stringify(baseUrl).slice(1, -1).replace(/</g, '\\u003c');
  const inHtml = escapeHtml(baseUrl);
  const html = api.page
    .split(/(<script\b[^>]*>[\s\S]*?<\/script>)/)
    .map((part, i) => part.split(site.placeholder).join(i % 2 === 1 ? inScript : inHtml))
    .join('');
  return { html, contentSecurityPolicy: pagePolicy(html, baseUrl) };
}

/**
 * Scripts: the site's own files and the page's inline scripts by hash (Redoc hydrates from an
 * inline module). Styles: Redoc's styled components insert style elements at run time. Fetches:
 * this origin and the one the documents name, for the Try it panel.
 */
function pagePolicy(html: string, baseUrl: string): string {
  const hashes = [...html.matchAll(/<script\b(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
  );
  const origin = new URL(baseUrl).origin;
  return [
    "default-src 'none'",
    `script-src 'self' ${hashes.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${origin}`,
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
