import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PACKAGE_ROOT, packageFile } from '../../src/package-files.js';
import { buildDocs, type BuiltDocs } from '../support/docs-build.js';
import { startTestServer, taxiiGet, type TestServer } from '../support/test-server.js';

/** Debian's chromium package; .ci/run installs it. No browser is downloaded. */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(PACKAGE_ROOT, '.tmp', 'screenshots');
const required = process.env['CI'] === 'true';

type OpenApi = { paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>> };

/** Every operation of a served document: its path, operationId and Redoc's route to it. */
async function operations(url: string) {
  const document = (await (await fetch(url)).json()) as OpenApi;
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.values(item)
      .filter((op) => typeof op.operationId === 'string')
      .map((op) => ({
        path,
        operationId: op.operationId!,
        route: `#/${op.tags![0]!.toLowerCase().replace(/[^a-z0-9]+/g, '-')}/${op.operationId!.toLowerCase()}`,
      })),
  );
}

/** How long to wait for the page to show a server's answer; a wait, not a speed check. */
const WAIT = { timeout: 20_000 };

function statusOf(page: Page): Promise<string | null> {
  return page.locator('#try-it-status').textContent({ timeout: WAIT.timeout });
}

async function shoot(page: Page, name: string): Promise<void> {
  const path = join(SCREENSHOTS, name);
  await page.screenshot({ path });
  console.log(`screenshot: ${path}`);
}

describe.skipIf(!existsSync(CHROMIUM) && !required)('the API docs in a browser', () => {
  let docs: BuiltDocs;
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  const elsewhere: string[] = [];

  beforeAll(async () => {
    docs = await buildDocs();
    t = await startTestServer({
      docs: docs.site,
      files: [{ path: packageFile('samples', 'eset-malware-ioc', 'bandook-samples.md5') }],
    });
    browser = await chromium.launch({ executablePath: CHROMIUM });
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    // The docs must work offline: whatever the page asks of another host is refused here and
    // counted; Redoc's attribution logo must already be refused by the page's content policy.
    await page.route(
      (url) => url.origin !== new URL(t.url).origin,
      (route) => {
        elsewhere.push(route.request().url());
        return route.abort();
      },
    );
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    docs?.remove();
  });

  it('lists both APIs and every operation on the index page', async () => {
    await page.goto(`${t.url}/docs/`);
    for (const version of ['2.1', '2.0']) {
      const section = page.locator(`section[id="taxii-${version}"]`);
      expect(await section.locator('h2').textContent()).toBe(`TAXII ${version}`);
      for (const op of await operations(`${t.url}/docs/taxii-${version}.json`)) {
        const link = section.locator(`a[href="taxii-${version}/${op.route}"]`);
        expect(await link.textContent()).toBe(op.path);
      }
    }
    await shoot(page, 'docs-index.png');
  });

  for (const version of ['2.1', '2.0']) {
    it(`shows every TAXII ${version} operation in Redoc, rendered from the site's own script`, async () => {
      await page.goto(`${t.url}/docs/taxii-${version}/`);
      await page.getByText(`TAXII ${version} (`).first().waitFor();
      for (const op of await operations(`${t.url}/docs/taxii-${version}.json`)) {
        const entry = page.locator(`a[href="${op.route}"]`).filter({ hasText: op.path });
        await entry.first().waitFor({ state: 'attached' });
      }
      // Redoc hydrated: following an operation link routes to that operation's page.
      await page.locator('a[href="#/discovery/getdiscovery"]').first().click();
      await page.waitForURL(/#\/discovery\/getdiscovery$/);
      expect(elsewhere).toEqual([]);
    });
  }

  it('sends a Try it request from the 2.1 page to the server and shows its answer', async () => {
    const listed = await taxiiGet(`${t.url}/threatintel/collections/`);
    const collection = listed.body.collections[0].id as string;
    await page.goto(`${t.url}/docs/taxii-2.1/#/objects/listobjects`);
    await page.getByRole('button', { name: 'Try it' }).click();
    await expect.poll(() => page.locator('#try-it-operation').inputValue()).toBe('listObjects');
    await page.getByLabel('collection_id (path)').fill(collection);
    await page.getByLabel('limit (query)').fill('2');
    await page.getByRole('button', { name: 'Send request' }).click();

    await expect.poll(() => statusOf(page), WAIT).toBe('200 OK');
    const answer = JSON.parse((await page.locator('#try-it-response').textContent())!);
    expect(answer.objects).toHaveLength(2);
    expect(answer.more).toBe(true);
    expect(await page.locator('.try-it-request').textContent()).toBe(
      `GET ${t.url}/threatintel/collections/${collection}/objects/?limit=2`,
    );
    // The server saw it: its request log names the same request id the panel shows.
    const headers = (await page.locator('.try-it-headers').textContent())!;
    const id = /x-request-id: (\S+)/.exec(headers)![1];
    const seen = t.logs.find((l) => l['req_id'] === id && l['msg'] === 'request completed');
    expect(seen).toMatchObject({
      req: { method: 'GET', url: `/threatintel/collections/${collection}/objects/?limit=2` },
      res: { status: 200 },
      operation: 'listObjects',
    });
    await shoot(page, 'docs-taxii-2.1-try-it.png');
  });

  it('sends a Try it request from the 2.0 page with the 2.0 media type', async () => {
    await page.goto(`${t.url}/docs/taxii-2.0/`);
    await page.getByRole('button', { name: 'Try it' }).click();
    await page.locator('#try-it-operation').selectOption('getDiscovery');
    expect(await page.getByLabel('Accept').inputValue()).toMatch(/taxii\+json; version=2\.0/);
    await page.getByRole('button', { name: 'Send request' }).click();

    await expect.poll(() => statusOf(page), WAIT).toBe('200 OK');
    const answer = JSON.parse((await page.locator('#try-it-response').textContent())!);
    expect(answer.api_roots).toEqual([`${t.url}/threatintel/`]);
    await shoot(page, 'docs-taxii-2.0-try-it.png');
    expect(elsewhere).toEqual([]);
  });
});
