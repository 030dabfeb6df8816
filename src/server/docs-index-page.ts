import type { DocsApi, DocsSite } from './docs-site.js';
import { escapeHtml } from './docs-site.js';
import { DISCOVERY, type TaxiiVersion } from './version-choice.js';

/** The content policy of the index page: its style sheet, nothing else. */
export const INDEX_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; " +
  "form-action 'none'; frame-ancestors 'none'";

/**
 * The page at /docs/: each API served, with its discovery URL, its reference page, its
 * documents in JSON and YAML, and every operation linked into the reference.
 */
export function indexPage(site: DocsSite, apis: readonly DocsApi[], baseUrl: string): string {
  const sections = apis.map((api) => apiSection(api, baseUrl)).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>taxii2-server API documentation</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="assets/${escapeHtml(site.style)}">
</head>
<body>
<main class="docs-index">
  <h1>taxii2-server API documentation</h1>
  <p>Served at <code>${escapeHtml(baseUrl)}</code>. Each reference page has a Try it panel that
  sends requests to this server.</p>
  <div class="apis">
${sections}
  </div>
</main>
</body>
</html>
`;
}

function apiSection(api: DocsApi, baseUrl: string): string {
  const discovery = `${baseUrl}${DISCOVERY[api.version as TaxiiVersion] ?? '/'}`;
  const rows = api.operations
    .map((op) => {
      const anchor = `${api.api}/#/${slug(op.tag)}/${op.operationId.toLowerCase()}`;
      return (
        `      <tr><td class="method">${escapeHtml(op.method)}</td>` +
        `<td><a href="${escapeHtml(anchor)}"><code>${escapeHtml(op.path)}</code></a></td>` +
        `<td>${escapeHtml(op.summary)}</td></tr>`
      );
    })
    .join('\n');
  return `  <section id="${escapeHtml(api.api)}">
    <h2>${escapeHtml(api.title)}</h2>
    <p>${escapeHtml(firstParagraph(api.description))}</p>
    <p>Discovery: <code>${escapeHtml(discovery)}</code></p>
    <p><a href="${escapeHtml(api.api)}/">API reference</a> ·
      OpenAPI document: <a href="${escapeHtml(api.api)}.json">JSON</a>,
      <a href="${escapeHtml(api.api)}.yaml">YAML</a></p>
    <table>
${rows}
    </table>
  </section>`;
}

/** Redoc's route segment for a tag: lower case, words joined by hyphens. */
function slug(tag: string): string {
  return tag
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function firstParagraph(markdown: string): string {
  return (markdown.split(/\n\s*\n/)[0] ?? '').replace(/`/g, '').trim();
}
