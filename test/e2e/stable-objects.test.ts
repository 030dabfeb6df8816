import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadOfficialSchemas } from '../stix/official-schemas.js';
import { parsePattern } from '../stix/pattern-parser.js';
import { SHARED } from '../support/shared-data.js';
import { runCommand, startServerProcess, type ServerProcess } from './support/cli-process.js';
import { danglingRefs, TAXII_20, TAXII_21, type StixJson } from './support/full-pull.js';

/**
 * The same indicators give the same objects, byte for byte: pulled twice, through two
 * collections, from two server processes over two stores made alike, and after a restart.
 */

const CREATED = '2024-03-01T10:00:00.123456Z';
const MODIFIED = '2024-03-02T10:00:00.654321Z';

// One indicator of every mapped type, with the fields each mapping reads, and relationships.
function everyTypeExport(): string {
  const ioc = (indicator_type: string, value: string, CustomFields: object = {}) => ({
    indicator_type,
    value,
    score: 3,
    timestamp: CREATED,
    modified: MODIFIED,
    firstSeen: CREATED,
    expiration: '2030-01-01T00:00:00Z',
    aggregatedReliability: 'B - Usually reliable',
    CustomFields: { tags: ['stable'], trafficlightprotocol: 'AMBER', ...CustomFields },
  });
  // The empty file's: no fixture names it, so its SCO is this indicator's alone.
  const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
  const iocs = [
    ioc('IP', '198.51.100.3'),
    ioc('CIDR', '198.51.100.0/24'),
    ioc('IPv6', '2001:db8::1'),
    ioc('Domain', 'example.com'),
    ioc('DomainGlob', '*.example.net'),
    ioc('URL', "http://example.com/a?q='x'"),
    ioc('Email', 'a@example.com'),
    ioc('File', md5, { sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', ssdeep: '3:SU7:SU7' }),
    ioc('Registry Key', 'HKLM\\Software\\Run', {
      keyvalue: [{ name: 'evil', data: 'C:\\e.exe', type: 'REG_SZ' }],
    }),
    ioc('ASN', 'AS15169'),
    ioc('Mutex', 'Global\\mtx ü 🙂'),
    ioc('Account', 'CORP\\alice', { userid: 'S-1-5-21-1', accounttype: 'windows-domain' }),
    ioc('Software', 'Notepad++', { vendor: 'Don Ho', version: '8.6' }),
    ioc('X509 Certificate', '0a:1b:2c', { issuer: [{ title: 'CN', data: 'Example CA' }] }),
    ioc('Malware', 'Emotet', { killchainphases: ['Execution'] }),
    ioc('Attack Pattern', 'T1566', {
      publications: [{ source: 'blog', title: 'Phishing', link: 'https://example.com/p' }],
    }),
    ioc('Threat Actor', 'APT29'),
    ioc('CVE', 'CVE-2021-44228'),
    ioc('Location', 'DE'),
    ioc('Identity', 'ACME', { identityclass: 'organization' }),
    ioc('Report', 'Q1 review', {
      published: '2024-03-01T00:00:00Z',
      reporttype: 'threat-report',
      publications: [{ source: 'blog', title: 'Q1', link: 'https://example.com/q1' }],
    }),
  ];
  const relationship = (a: [string, string], name: string, b: [string, string]) => ({
    entityA: a[1],
    entityAType: a[0],
    entityB: b[1],
    entityBType: b[0],
    name,
  });
  const relationships = [
    relationship(['Malware', 'Emotet'], 'communicates with', ['IP', '198.51.100.3']),
    relationship(['File', md5], 'related to', ['Domain', 'example.com']),
    relationship(['Threat Actor', 'APT29'], 'uses', ['Attack Pattern', 'T1566']),
    relationship(['Report', 'Q1 review'], 'related to', ['Malware', 'Emotet']),
    relationship(['Report', 'Q1 review'], 'related to', ['Threat Actor', 'APT29']),
    relationship(['Report', 'Q1 review'], 'related to', ['IP', '198.51.100.3']),
  ];
  return JSON.stringify({ iocs, relationships });
}

/** Every object of every collection, per collection title, in served order, as JSON text. */
type Pull = Record<string, string[]>;

async function pullAll(server: ServerProcess, accept: string): Promise<Pull> {
  const root = `${server.url}/threatintel/collections/`;
  const listing = (await (await fetch(root, { headers: { Accept: accept } })).json()) as {
    collections: Array<{ id: string; title: string }>;
  };
  const pulled: Pull = {};
  for (const { id, title } of listing.collections) {
    // One page: a 2.1 limit, a 2.0 range.
    const page = accept === TAXII_21 ? { query: '?limit=1000' } : { range: 'items 0-999' };
    const response = await fetch(`${root}${id}/objects/${page.query ?? ''}`, {
      headers: { Accept: accept, ...(page.range ? { Range: page.range } : {}) },
    });
    expect([200, 206]).toContain(response.status);
    const body = (await response.json()) as { objects?: object[]; more?: boolean };
    expect(body.more ?? false).toBe(false);
    pulled[title] = (body.objects ?? []).map((o) => JSON.stringify(o));
  }
  return pulled;
}

const byId = (objects: readonly string[]) =>
  new Map(objects.map((json) => [(JSON.parse(json) as { id: string }).id, json]));

describe('objects are byte-identical', () => {
  let dir: string;
  const stores: string[] = [];
  let args: (store: string) => string[];
  const running: ServerProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taxii2-stable-'));
    const exported = join(dir, 'every-type.json');
    writeFileSync(exported, everyTypeExport());
    const collections = join(dir, 'collections.json');
    // `actorless` holds every object the report names but one, so it serves no report.
    const titles = {
      all: '',
      bad: 'score:3',
      tagged: 'tags:stable',
      actorless: '-type:"Threat Actor"',
    };
    writeFileSync(collections, JSON.stringify(titles));
    const config = join(dir, 'config.json');
    const observables = { file: 'both', 'ipv4-addr': 'both', 'windows-registry-key': 'sco' };
    writeFileSync(config, JSON.stringify({ stix: { observables } }));
    const files = [
      exported,
      join(SHARED, 'data', 'xsoar', 'ip_iocs.json'),
      join(SHARED, 'data', 'xsoar', 'xsoar_sco_indicators.json'),
    ];

    args = (store) => [
      '--store',
      store,
      '--config',
      config,
      '--collections',
      collections,
      '--namespace-seed',
      'stable objects',
      '--extension-fields',
      'all',
    ];
    for (const name of ['a.db', 'b.db']) {
      const store = join(dir, name);
      stores.push(store);
      const output = await runCommand(['import', ...args(store), ...files]);
      expect(output).toMatch(/ 0 rejected/);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(running.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(store: string): Promise<ServerProcess> {
    const server = await startServerProcess(args(store));
    running.push(server);
    return server;
  }

  it.each([
    ['2.1', TAXII_21],
    ['2.0', TAXII_20],
  ] as const)(
    'in STIX %s across two pulls, two collections, two processes and a restart',
    async (version, accept) => {
      const [a, b] = await Promise.all([start(stores[0]!), start(stores[1]!)]);
      const first = await pullAll(a, accept);
      expect(Object.keys(first).sort()).toEqual(['actorless', 'all', 'bad', 'tagged']);
      expect(first.all!.length).toBeGreaterThan(40);
      const objects = first.all!.map((json) => JSON.parse(json) as StixJson);
      const official = loadOfficialSchemas(version);
      expect(objects.flatMap((o) => official.validate(o).map((e) => `${o.id}: ${e}`))).toEqual([]);
      for (const o of objects.filter((o) => o.type === 'indicator'))
        parsePattern(String(o.pattern));
      for (const [title, pulled] of Object.entries(first)) {
        expect(danglingRefs(pulled.map((json) => JSON.parse(json) as StixJson)), title).toEqual([]);
      }
      const types = new Set(objects.map((o) => o.type));
      // The report and its relationships, where all it names is served.
      const ofReport = (title: string) =>
        first[title]!.map((json) => JSON.parse(json) as StixJson).filter(
          (o) => o.type === 'report' || String(o.source_ref).startsWith('report--'),
        );
      expect(ofReport('all')).toHaveLength(4);
      expect(ofReport('actorless')).toEqual([]);
      const sdos = [
        ...['indicator', 'malware', 'attack-pattern', 'vulnerability', 'relationship'],
        'report',
      ];
      const more =
        version === '2.1' ? ['file', 'windows-registry-key', 'location'] : ['observed-data'];
      expect([...types]).toEqual(expect.arrayContaining([...sdos, ...more]));

      // Two pulls from one process: the same objects in the same order.
      expect(await pullAll(a, accept)).toEqual(first);

      // Two collections: an object served by both is the same bytes in each.
      const all = byId(first.all!);
      for (const title of ['bad', 'tagged', 'actorless']) {
        for (const [id, json] of byId(first[title]!))
          expect(json, `${title} ${id}`).toBe(all.get(id));
      }
      expect(byId(first.tagged!).size).toBeGreaterThan(20);

      // Two processes over two stores made from the same files with the same seed.
      const other = await pullAll(b, accept);
      for (const title of Object.keys(first)) {
        expect(byId(other[title]!), title).toEqual(byId(first[title]!));
      }

      // A restart: the store's rendered objects, served again by a new process.
      await a.stop();
      const restarted = await start(stores[0]!);
      expect(await pullAll(restarted, accept)).toEqual(first);
      await Promise.all([restarted.stop(), b.stop()]);
    },
    120_000,
  );
});
