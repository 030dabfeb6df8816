/**
 * The real public feeds the indicator model is derived from, read through the product's own
 * importer (lists, CSV, XSOAR exports) or, for STIX bundles, from their indicator patterns and
 * SCOs, so that values are counted in the form the store would hold them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IndicatorInput } from '../src/indicators/indicator.js';
import { parseIndicatorFile, type ImportDefaults } from '../src/importers/index.js';
import { readValue } from '../src/importers/read-value.js';

interface FeedFile {
  path: string;
  defaults: ImportDefaults;
}

// Who publishes each file and what it is about: the files do not say so themselves.
const FEEDS: readonly FeedFile[] = [
  feed('neo23x0-signature-base/c2-iocs.txt', 'Neo23x0 signature-base', 'c2', 2),
  feed('stamparm-maltrail/apt_darkhotel.txt', 'Maltrail', 'darkhotel', 3),
  feed('stamparm-maltrail/fakebat.txt', 'Maltrail', 'fakebat', 3),
  feed('stamparm-maltrail/zloader.txt', 'Maltrail', 'zloader', 3),
  feed('stamparm-maltrail/mass_scanner.txt', 'Maltrail', 'mass-scanner', 2),
  feed('eset-malware-ioc/bandook-samples.sha256', 'ESET', 'bandook', 3, 'File'),
  feed('eset-malware-ioc/bandook-samples.md5', 'ESET', 'bandook', 3, 'File'),
  feed('pan-unit42-iocs/Conti_IOCs.txt', 'Unit 42', 'conti', 3),
  { path: 'pan-unit42-iocs/venomrat_iocs.csv', defaults: defaults('Unit 42', 'venomrat', 3) },
  { path: 'demisto-content/xsoar_sco_indicators.json', defaults: { format: 'xsoar-json' } },
];

const BUNDLES: ReadonlyArray<{ path: string; source: string; tag: string | null }> = [
  { path: 'oasis-cti-stix2-json-schemas/apt1.json', source: 'OASIS CTI', tag: 'apt1' },
  { path: 'oasis-cti-stix2-json-schemas/poisonivy.json', source: 'OASIS CTI', tag: 'poisonivy' },
  {
    path: 'oasis-cti-stix2-json-schemas/indicators-for-C2-with-COA.json',
    source: 'OASIS CTI',
    tag: 'c2',
  },
  {
    path: 'oasis-cti-stix2-json-schemas/malicious-email-indicator-with-attachment.json',
    source: 'OASIS CTI',
    tag: 'phishing',
  },
  {
    path: 'oasis-cti-python-stix2/sco-examples-bundle.json',
    source: 'OASIS cti-python-stix2',
    tag: null,
  },
  { path: 'pan-unit42-iocs/Zeppelin_TA.json', source: 'Unit 42', tag: 'zeppelin' },
  { path: 'pan-unit42-iocs/REvil_SupplyChain_Attack_Kaseya.json', source: 'Unit 42', tag: 'revil' },
  {
    path: 'pan-unit42-iocs/2024-04-12-MidnightEclipse.json',
    source: 'Unit 42',
    tag: 'midnighteclipse',
  },
  {
    path: 'pan-unit42-iocs/threat-hunting-in-alexa-top-sites.json',
    source: 'Unit 42',
    tag: 'alexa-top-sites',
  },
];

// STIX object paths in patterns and SCOs, to the XSOAR type the importer checks them as.
const STIX_TYPES: Record<string, string> = {
  'ipv4-addr': 'IP',
  'ipv6-addr': 'IPv6',
  'domain-name': 'Domain',
  url: 'URL',
  file: 'File',
  'email-addr': 'Email',
};

const PATTERN_TERM = /([a-z0-9-]+):([A-Za-z0-9_.'-]+)\s*=\s*'((?:\\.|[^'\\])*)'/g;
/** Every indicator of the feeds under `folder`, one per (type, value): the first file wins. */
export async function readRealFeeds(
  folder: string,
): Promise<{ records: IndicatorInput[]; files: string[] }> {
  const records = new Map<string, IndicatorInput>();
  const add = (r: IndicatorInput) => {
    const key = `${r.type}\u0000${r.value}`;
    if (!records.has(key)) records.set(key, r);
  };

  for (const f of FEEDS) {
    const parsed = await parseIndicatorFile(join(folder, f.path), f.defaults);
    for (const { indicator } of parsed.records) add(indicator);
  }
  for (const b of BUNDLES) for (const r of bundleIndicators(join(folder, b.path), b)) add(r);
  return {
    records: [...records.values()],
    files: [...FEEDS.map((f) => f.path), ...BUNDLES.map((b) => b.path)],
  };
}

function feed(
  path: string,
  source: string,
  tag: string,
  score: 0 | 1 | 2 | 3,
  type?: string,
): FeedFile {
  return {
    path,
    defaults: { ...defaults(source, tag, score), format: 'list', ...(type ? { type } : {}) },
  };
}

function defaults(source: string, tag: string, score: 0 | 1 | 2 | 3): ImportDefaults {
  return { source, tags: [tag], score };
}

/** Indicators from a STIX bundle's indicator patterns, or from a bare array of SCOs. */
function bundleIndicators(
  path: string,
  bundle: { source: string; tag: string | null },
): IndicatorInput[] {
  const json = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  const objects = (
    Array.isArray(json) ? json : ((json as { objects?: unknown[] }).objects ?? [])
  ) as Array<Record<string, unknown>>;
  const out: IndicatorInput[] = [];
  for (const o of objects) {
    const terms =
      o['type'] === 'indicator' ? patternTerms(String(o['pattern'] ?? '')) : scoTerms(o);
    const labels = Array.isArray(o['labels']) ? (o['labels'] as string[]) : [];
    const description =
      typeof o['description'] === 'string'
        ? o['description']
        : typeof o['name'] === 'string'
          ? o['name']
          : null;
    for (const { type, raw } of terms) {
      const read = readValue(raw, type, false);
      if (!read.ok) continue;
      out.push({
        type: read.type,
        value: read.value,
        score: o['type'] === 'indicator' ? 3 : 0,
        tags: [...labels, ...(bundle.tag ? [bundle.tag] : [])],
        sourceBrands: [bundle.source],
        sourceInstances: [],
        description: o['type'] === 'indicator' ? description : null,
        customFields: {},
      });
    }
  }
  return out;
}

function patternTerms(pattern: string): Array<{ type: string; raw: string }> {
  const out: Array<{ type: string; raw: string }> = [];
  for (const m of pattern.matchAll(PATTERN_TERM)) {
    const type = STIX_TYPES[m[1] ?? ''];
    if (!type) continue;
    if (type === 'File' && !(m[2] ?? '').startsWith('hashes')) continue;
    out.push({ type, raw: (m[3] ?? '').replace(/\\(.)/g, '$1') });
  }
  return out;
}

function scoTerms(o: Record<string, unknown>): Array<{ type: string; raw: string }> {
  const type = STIX_TYPES[String(o['type'])];
  if (!type) return [];
  if (type === 'File') {
    const hashes = (o['hashes'] ?? {}) as Record<string, string>;
    return Object.values(hashes).map((raw) => ({ type, raw }));
  }
  return typeof o['value'] === 'string' ? [{ type, raw: o['value'] }] : [];
}
