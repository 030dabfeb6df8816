import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { newApiKey } from '../../src/auth/api-key.js';
import { basic, get, startAuthServer, type AuthServer } from '../auth/support/auth-server.js';
import { realData } from '../support/shared-data.js';
import {
  startTestServer,
  taxiiGet,
  type TestServer,
  collectionIdsByTitle,
} from '../support/test-server.js';

const COLLECTIONS = { all: '', ips: 'type:IP or type:IPv6', files: 'type:File' };

/** One sample of a Prometheus text exposition: its name, labels and value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]!] = pair[2]!;
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return found.reduce((sum, s) => sum + s.value, 0);
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<Sample[]> {
  const response = await fetch(url, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

describe('metrics and health on the TAXII port', () => {
  let t: TestServer;
  let root: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await startTestServer({
      collections: COLLECTIONS,
      files: [
        { path: realData('neo23x0-signature-base', 'c2-iocs.txt'), defaults: { score: 3 } },
        { path: realData('eset-malware-ioc', 'bandook-samples.sha256'), defaults: { score: 3 } },
      ],
    });
    root = `${t.url}/threatintel`;
    const listed = await taxiiGet(`${root}/collections/`);
    ids = collectionIdsByTitle(listed.body);
  });

  afterAll(async () => {
    await t.close();
  });

  it('counts the requests these tests make, by operation and status, and the objects served', async () => {
    const before = await scrape(`${t.url}/metrics`);
    const pages = 3;
    let served = 0;
    for (let i = 0; i < pages; i++) {
      const page = await taxiiGet(`${root}/collections/${ids['ips']}/objects/?limit=7`);
      expect(page.status).toBe(200);
      served += (page.body.objects as unknown[]).length;
    }
    const missing = await taxiiGet(`${root}/collections/${ids['ips']}/objects/indicator--0/`);
    expect(missing.status).toBeGreaterThanOrEqual(400);
    const unknown = await taxiiGet(`${t.url}/nowhere/`);
    expect(unknown.status).toBe(404);
    const after = await scrape(`${t.url}/metrics`);

    const requests = 'taxii2_http_requests_total';
    const ok = { operation: 'listObjects', status: '200' };
    expect(value(after, requests, ok) - value(before, requests, ok)).toBe(pages);
    const failed = { operation: 'getObject', status: String(missing.status) };
    expect(value(after, requests, failed) - value(before, requests, failed)).toBe(1);
    expect(value(after, requests, { status: '404' })).toBeGreaterThan(
      value(before, requests, { status: '404' }),
    );
    // The first scrape is itself counted once it finishes.
    expect(value(after, requests, { operation: 'metrics', status: '200' })).toBeGreaterThanOrEqual(
      1,
    );

    const latency = 'taxii2_http_request_duration_seconds_count';
    const listLatency = { operation: 'listObjects' };
    expect(value(after, latency, listLatency) - value(before, latency, listLatency)).toBe(pages);

    const objects = { operation: 'listObjects', collection: ids['ips']! };
    const servedMetric = 'taxii2_objects_served_total';
    expect(value(after, servedMetric, objects) - value(before, servedMetric, objects)).toBe(served);
    expect(served).toBe(21);

    const pageQueries = { method: 'pageObjects' };
    const storeCount = 'taxii2_store_query_duration_seconds_count';
    expect(value(after, storeCount, pageQueries) - value(before, storeCount, pageQueries)).toBe(
      pages,
    );
    expect(value(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('reports each collection size as the store counts it', async () => {
    const samples = await scrape(`${t.url}/metrics`);
    const total = await t.runtime.store.countIndicators();
    expect(value(samples, 'taxii2_store_indicators')).toBe(total);
    const sizes = {
      all: value(samples, 'taxii2_collection_indicators', { collection: ids['all']! }),
      ips: value(samples, 'taxii2_collection_indicators', {
        collection: ids['ips']!,
        title: 'ips',
      }),
      files: value(samples, 'taxii2_collection_indicators', { collection: ids['files']! }),
    };
    expect(sizes.all).toBe(total);
    expect(sizes.ips).toBeGreaterThan(0);
    expect(sizes.files).toBeGreaterThan(0);
    expect(sizes.ips + sizes.files).toBeLessThanOrEqual(total);
  });

  it('answers /healthz and /readyz without credentials, and HEAD as GET', async () => {
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect((await fetch(`${t.url}/readyz`, { method: 'HEAD' })).status).toBe(200);
  });

  it('logs probes and scrapes at debug, not among the feed requests', () => {
    const lines = t.logs.filter((l) => l['msg'] === 'request completed');
    expect(lines.some((l) => l['operation'] === 'listObjects')).toBe(true);
    expect(lines.some((l) => l['operation'] === 'metrics' || l['operation'] === 'readyz')).toBe(
      false,
    );
  });
});

describe('readiness follows the store', () => {
  it('answers 503 once the store no longer answers, while /healthz stays 200', async () => {
    const t = await startTestServer();
    try {
      expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
      await t.runtime.store.close();
      const ready = await fetch(`${t.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({
        status: 'unavailable',
        reason: 'the store did not answer',
      });
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      expect(t.logs.some((l) => l['msg'] === 'not ready: the store did not answer')).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('a monitoring port of its own', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ flags: { 'monitoring-port': '0' } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('serves health and metrics there, and not on the TAXII port', async () => {
    const monitoring = t.server.monitoringUrl!;
    expect(monitoring).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(monitoring).not.toBe(t.url);

    await taxiiGet(`${t.url}/taxii2/`);
    const samples = await scrape(`${monitoring}/metrics`);
    expect(
      value(samples, 'taxii2_http_requests_total', { operation: 'getDiscovery', status: '200' }),
    ).toBe(1);
    expect((await fetch(`${monitoring}/healthz`)).status).toBe(200);
    expect((await fetch(`${monitoring}/readyz`)).status).toBe(200);
    expect((await fetch(`${monitoring}/taxii2/`)).status).toBe(404);

    const onTaxiiPort = await taxiiGet(`${t.url}/metrics`);
    expect(onTaxiiPort.status).toBe(404);
    expect(onTaxiiPort.body.http_status).toBe('404');
    expect(
      t.logs.some(
        (l) => l['msg'] === 'monitoring listening: health and metrics, without credentials',
      ),
    ).toBe(true);
  });
});

describe('metrics on the TAXII port of a server with users', () => {
  let t: AuthServer;
  const key = newApiKey();

  beforeAll(async () => {
    t = await startAuthServer({ config: { users: { prometheus: { apiKeys: [key.digest] } } } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('asks for credentials for /metrics but not for the probes', async () => {
    const anonymous = await get(`${t.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const refused = await get(`${t.url}/metrics`, { Authorization: basic('prometheus', 'nope') });
    expect(refused.status).toBe(401);

    const samples = await scrape(`${t.url}/metrics`, { Authorization: `Bearer ${key.key}` });
    expect(value(samples, 'taxii2_http_requests_total', { status: '401' })).toBe(2);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });
});
