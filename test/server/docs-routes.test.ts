import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { packageFile } from '../../src/package-files.js';
import { buildDocs, type BuiltDocs } from '../support/docs-build.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

type OpenApi = { servers: Array<{ url: string }>; paths: Record<string, Record<string, any>> };

/** `METHOD path operationId` of every operation in a document, read from the source YAML. */
function operationsOf(document: OpenApi): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'delete', 'put', 'patch'].includes(method))
      .map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
  );
}

function sourceDocument(version: string): OpenApi {
  return load(readFileSync(packageFile('openapi', `taxii-${version}.yaml`), 'utf8')) as OpenApi;
}

let docs: BuiltDocs;

beforeAll(async () => {
  docs = await buildDocs();
});

afterAll(() => docs?.remove());

describe('the published API documentation', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ docs: docs.site });
  });

  afterAll(async () => {
    await t.close();
  });

  it('serves each document as JSON with this server in servers and every source operation', async () => {
    for (const version of ['2.1', '2.0']) {
      const res = await fetch(`${t.url}/docs/taxii-${version}.json`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const document = (await res.json()) as OpenApi;
      expect(document.servers.map((s) => s.url)).toEqual([t.url]);
      expect(operationsOf(document)).toEqual(operationsOf(sourceDocument(version)));
      // Bundled: every reference points inside the document itself.
      expect(JSON.stringify(document)).not.toMatch(/"\$ref":"(?!#)/);
    }
  });

  it('serves the same document as YAML', async () => {
    const json = await (await fetch(`${t.url}/docs/taxii-2.1.json`)).json();
    const res = await fetch(`${t.url}/docs/taxii-2.1.yaml`);
    expect(res.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    expect(load(await res.text())).toEqual(json);
  });

  it('lists both APIs on the index with their discovery URLs and every operation', async () => {
    const res = await fetch(`${t.url}/docs/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain(`${t.url}/taxii2/`);
    expect(html).toContain(`${t.url}/taxii/`);
    for (const version of ['2.1', '2.0']) {
      expect(html).toContain(`href="taxii-${version}/"`);
      expect(html).toContain(`href="taxii-${version}.yaml"`);
      for (const op of operationsOf(sourceDocument(version))) {
        const id = op.split(' ')[2]!.toLowerCase();
        expect(html).toMatch(new RegExp(`href="taxii-${version}/#/[a-z-]+/${id}"`));
      }
    }
  });

  it('serves the reference page with this server filled in and only its own scripts allowed', async () => {
    const res = await fetch(`${t.url}/docs/taxii-2.1/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain(docs.site.placeholder);
    expect(html).toContain(`"servers":[{"url":"${t.url}"`);
    expect(html).not.toMatch(/(?:src|href)="https?:\/\/[^"]*\.js"|from "https?:/);

    const policy = res.headers.get('content-security-policy')!;
    const inline = [...html.matchAll(/<script\b(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)];
    expect(inline.length).toBeGreaterThan(0);
    for (const [, script] of inline) {
      const hash = createHash('sha256').update(script!).digest('base64');
      expect(policy).toContain(`'sha256-${hash}'`);
    }
    expect(policy).toMatch(/script-src 'self' 'sha256-/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("'unsafe-eval'");
  });

  it('serves the Redoc script the page imports from the site itself, cacheable for good', async () => {
    const html = await (await fetch(`${t.url}/docs/taxii-2.0/`)).text();
    const src = /import \{ hydrate \} from "\.\.\/assets\/([^"]+)"/.exec(html)?.[1];
    expect(src).toMatch(/^redoc\.standalone\.[0-9a-f]{12}\.js$/);
    const res = await fetch(`${t.url}/docs/assets/${src}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toContain('export{RedocStandalone,hydrate,init}');
  });

  it('redirects the paths without their slash, relative to where the client is', async () => {
    for (const [path, location] of [
      ['/docs', 'docs/'],
      ['/docs/taxii-2.1', 'taxii-2.1/'],
    ]) {
      const res = await fetch(`${t.url}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(301);
      expect(res.headers.get('location')).toBe(location);
    }
  });

  it('answers unknown documentation paths and other methods with TAXII errors', async () => {
    const missing = await fetch(`${t.url}/docs/taxii-9.9/`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ http_status: '404', error_code: 'not_found' });
    const asset = await fetch(`${t.url}/docs/assets/nothing.js`);
    expect(asset.status).toBe(404);
    const post = await fetch(`${t.url}/docs/taxii-2.1.json`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('the documentation behind a proxy', () => {
  let t: TestServer;
  const base = 'https://feeds.example.test/instance/execute/taxii';

  beforeAll(async () => {
    t = await startTestServer({
      docs: docs.site,
      flags: { 'path-prefix': '/instance/execute/taxii', 'public-base-url': base },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('lives under the path prefix and names the public base URL', async () => {
    const res = await fetch(`${t.url}/instance/execute/taxii/docs/taxii-2.1.json`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as OpenApi).servers[0]!.url).toBe(base);
    const page = await (await fetch(`${t.url}/instance/execute/taxii/docs/taxii-2.0/`)).text();
    expect(page).toContain(`"servers":[{"url":"${base}"`);
    expect((await fetch(`${t.url}/docs/`)).status).toBe(404);
  });
});

describe('the documentation of a server with users and one version', () => {
  let t: TestServer;
  const key = 'docs-test-key-0123456789abcdef';

  beforeAll(async () => {
    const digest = createHash('sha256').update(key).digest('hex');
    t = await startTestServer({
      docs: docs.site,
      flags: { versions: '2.1' },
      config: { users: { reader: { apiKeys: [`sha256:${digest}`] } } },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('is served without credentials while TAXII still asks for them', async () => {
    expect((await fetch(`${t.url}/docs/taxii-2.1/`)).status).toBe(200);
    expect((await fetch(`${t.url}/docs/taxii-2.1.yaml`)).status).toBe(200);
    expect((await fetch(`${t.url}/taxii2/`)).status).toBe(401);
  });

  it('documents only the version served', async () => {
    expect((await fetch(`${t.url}/docs/taxii-2.0.json`)).status).toBe(404);
    const index = await (await fetch(`${t.url}/docs/`)).text();
    expect(index).toContain('href="taxii-2.1/"');
    expect(index).not.toContain('taxii-2.0');
  });
});

describe('a public base URL with characters that mean something in HTML', () => {
  let t: TestServer;
  const base = 'https://feeds.example.test/a"b<i>c';

  beforeAll(async () => {
    t = await startTestServer({ docs: docs.site, flags: { 'public-base-url': base } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('is escaped on the pages and written as it is into the documents', async () => {
    const page = await (await fetch(`${t.url}/docs/taxii-2.1/`)).text();
    expect(page).not.toContain('<i>c');
    expect(page).toContain('https://feeds.example.test/a\\"b\\u003ci>c');
    const index = await (await fetch(`${t.url}/docs/`)).text();
    expect(index).not.toContain('<i>c');
    const document = (await (await fetch(`${t.url}/docs/taxii-2.1.json`)).json()) as OpenApi;
    expect(document.servers[0]!.url).toBe(base);
  });
});

describe('the documentation of a server that checks its responses', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ docs: docs.site, flags: { 'validate-responses': 'true' } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('is not judged as TAXII, though /docs/ looks like an API root', async () => {
    for (const path of ['/docs/', '/docs/taxii-2.1/', '/docs/taxii-2.1.json', '/docs/x/y']) {
      await fetch(`${t.url}${path}`);
    }
    const discovery = await fetch(`${t.url}/taxii2/`);
    expect(discovery.status).toBe(200);
    const judged = t.logs.filter((l) => l['msg'] === 'response breaks the OpenAPI document');
    expect(judged).toEqual([]);
  });
});

describe('a server whose documentation was not built', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ docs: null });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers /docs/ with a 404 that says how to build it, and says so at start', async () => {
    const res = await fetch(`${t.url}/docs/`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { description: string }).description).toContain('npm run docs');
    expect(t.logs.map((l) => l['msg'])).toContain(
      'the API documentation is not built (npm run docs); /docs/ answers 404',
    );
  });
});
