/**
 * Indicators built from the real third-party lists in /work/shared/data, dressed with scores,
 * tags, sources, TLP, dates and custom fields chosen by a seeded random source, so query tests
 * run against realistic values (IDNs, non-ASCII, URLs with paths, hashes, IPv6) every run alike.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Score, StoredIndicator } from '../../../src/indicators/indicator.js';
import { formatTimestamp, parseTimestamp } from '../../../src/time/microseconds.js';
import { SHARED } from '../../support/shared-data.js';
import { Random } from '../../support/random.js';

const DATA = join(SHARED, 'data');

/** The fixed instant every query test evaluates at: 2024-06-15T12:00:00Z. */
export const NOW_MICROS = Date.UTC(2024, 5, 15, 12) * 1000;

const DAY = 86_400_000_000;

interface ListSource {
  readonly file: string;
  readonly brand: string;
  readonly tag: string;
  /** Keep every n-th entry, to bound the fixture's size. */
  readonly every: number;
}

const MALTRAIL = 'real/stamparm-maltrail';
const LISTS: readonly ListSource[] = [
  { file: `${MALTRAIL}/zloader.txt`, brand: 'Maltrail', tag: 'zloader', every: 1 },
  { file: `${MALTRAIL}/fakebat.txt`, brand: 'Maltrail', tag: 'fakebat', every: 1 },
  { file: `${MALTRAIL}/apt_darkhotel.txt`, brand: 'Maltrail', tag: 'darkhotel', every: 1 },
  { file: `${MALTRAIL}/mass_scanner.txt`, brand: 'Maltrail', tag: 'mass-scanner', every: 40 },
  { file: 'real/neo23x0-signature-base/c2-iocs.txt', brand: 'LOKI', tag: 'c2', every: 1 },
  { file: 'real/eset-malware-ioc/bandook-samples.sha256', brand: 'ESET', tag: 'bandook', every: 1 },
  { file: 'real/eset-malware-ioc/bandook-samples.md5', brand: 'ESET', tag: 'bandook', every: 1 },
];

interface Entry {
  readonly value: string;
  readonly comment: string | null;
  readonly source: ListSource;
}

/** Reads a list: `#` lines are headers (the latest becomes a description), `x # note` notes. */
function readList(source: ListSource): Entry[] {
  const text = readFileSync(join(DATA, source.file), 'utf8');
  const entries: Entry[] = [];
  let header: string | null = null;
  let n = 0;

  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('#')) {
      const note = trimmed.replace(/^#+\s*/, '');
      const boilerplate = note.startsWith('Copyright') || note.startsWith('See the file');
      if (note !== '' && !boilerplate) header = note;
      continue;
    }
    const [body = '', note] = trimmed.split(/\s+#\s*/, 2);
    const value = body.split(';')[0]!.trim();
    if (value === '' || n++ % source.every !== 0) continue;
    entries.push({ value, comment: note ?? header, source });
  }
  return entries;
}

function detectType(value: string): string {
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(value)) return 'IP';
  if (/^[0-9a-f:]+$/i.test(value) && value.includes(':')) return 'IPv6';
  if (/^(?:[0-9a-f]{32}|[0-9a-f]{64})$/i.test(value)) return 'File';
  if (value.includes('/')) return 'URL';
  return 'Domain';
}

const TAG_POOL = [
  'APT',
  'apt',
  'phishing',
  'Benign',
  'C2',
  'botnet',
  '100%_bad',
  'under_score',
  'ransomware',
  'Ransomware',
  'ķeepass',
  'tor exit',
  'back\\slash',
  'star*tag',
];
const BRANDS = ['AlienVault OTX', 'Unit42', 'abuse.ch', 'Some Feed'];
const TLPS = [
  null,
  null,
  'WHITE',
  'CLEAR',
  'clear',
  'white',
  'GREEN',
  'AMBER',
  'AMBER+STRICT',
  'RED',
];
const RELIABILITY = [
  null,
  'A - Completely reliable',
  'B - Usually reliable',
  'C - Fairly reliable',
  'F - Reliability cannot be judged',
];
const SERVICES = ['Daily Threat Feed', 'daily threat feed', 'Hourly_Feed', 'weekly 100% feed', ''];
const NOTES = ['a%b', 'a_b', 'axb', 'back\\slash', 'star*', 'q?', 'Ünïcode', '日本語', '😀 smile'];

/** Every indicator of the fixture, keys 1..n in a stable order. */
export function loadRealIndicators(seed = 20240615): StoredIndicator[] {
  const random = new Random(seed);
  const seen = new Set<string>();
  const out: StoredIndicator[] = [];

  const add = (partial: Omit<StoredIndicator, 'key' | 'dateAdded'>): void => {
    const id = `${partial.type}\u0000${partial.value}`;
    if (seen.has(id)) return;
    seen.add(id);
    const key = out.length + 1;
    out.push({ ...partial, key, dateAdded: NOW_MICROS - 400 * DAY + key });
  };

  for (const entry of loadXsoarExport()) add(entry);
  for (const source of LISTS) {
    for (const entry of readList(source)) add(dress(entry, random));
  }
  return out;
}

function dress(entry: Entry, random: Random): Omit<StoredIndicator, 'key' | 'dateAdded'> {
  const dates = randomDates(random);
  const tags = [...(random.chance(0.7) ? [entry.source.tag] : []), ...random.some(TAG_POOL, 3)];
  const instance = `${entry.source.brand}_instance_${random.between(1, 3)}`;
  return {
    type: detectType(entry.value),
    value: random.chance(0.05) ? entry.value.toUpperCase() : entry.value,
    score: random.between(0, 3) as Score,
    ...dates,
    tags: [...new Set(tags)],
    sourceBrands: [...new Set([entry.source.brand, ...random.some(BRANDS, 2)])],
    sourceInstances: random.chance(0.8) ? [instance] : [],
    tlp: random.pick(TLPS),
    description: random.chance(0.6) ? entry.comment : null,
    aggregatedReliability: random.pick(RELIABILITY),
    stixId: null,
    customFields: randomCustomFields(random),
    relationships: [],
  };
}

type DateName = 'created' | 'modified' | 'firstSeen' | 'lastSeen' | 'expiration';
type Dates = Pick<StoredIndicator, DateName>;

function randomDates(random: Random): Dates {
  let created = NOW_MICROS - random.between(0, 700) * DAY - random.between(0, DAY - 1);
  // Some dates sit exactly on day edges, where a date equality's range begins or ends.
  if (random.chance(0.05)) created -= ((created % DAY) + DAY) % DAY;
  if (random.chance(0.03)) created += DAY - 1 - (((created % DAY) + DAY) % DAY);

  const modified = Math.min(
    NOW_MICROS,
    created + random.between(0, 90) * DAY + random.between(0, DAY),
  );
  const firstSeen = random.chance(0.3) ? null : created - random.between(0, 30 * DAY);
  const lastSeen = random.chance(0.3) ? null : modified - random.between(0, DAY);
  const expiration = random.chance(0.4) ? null : created + random.between(1, 400) * DAY;
  const iso = (micros: number | null): string | null =>
    micros === null ? null : formatTimestamp(micros);

  return {
    created: formatTimestamp(created),
    modified: formatTimestamp(modified),
    firstSeen: iso(firstSeen),
    lastSeen: iso(lastSeen),
    expiration: iso(expiration),
  };
}

function randomCustomFields(random: Random): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (random.chance(0.4)) {
    fields[random.pick(['service', 'Service', 'SERVICE'])] = random.pick(SERVICES);
  }
  if (random.chance(0.4)) fields.port = random.pick([22, 80, 443, 8080, 8443, 0.5, -1]);
  if (random.chance(0.2)) fields.Port = random.pick(['80', '443', 'eighty']);
  if (random.chance(0.3)) fields.active = random.chance(0.5);
  if (random.chance(0.3)) {
    fields.aliases = random.some(['Zeus', 'zbot', 7, 3.25, true, null, ['nested'], { o: 1 }], 4);
  }
  if (random.chance(0.1)) fields.nested = { service: 'Daily Threat Feed' };
  if (random.chance(0.1)) fields.nothing = null;
  if (random.chance(0.3)) fields.note = random.pick(NOTES);
  if (random.chance(0.2)) fields.cvss = random.between(0, 100) / 10;
  return fields;
}

interface XsoarIoc {
  indicator_type: string;
  value: string;
  score: Score;
  timestamp?: string;
  modified?: string;
  firstSeen?: string;
  lastSeen?: string;
  expiration?: string;
  sourceBrands?: string[];
  sourceInstances?: string[];
  aggregatedReliability?: string;
  CustomFields?: Record<string, unknown>;
}

/** XSOAR's own export, taken as written (its 0001-01-01 dates mean "never"). */
function loadXsoarExport(): Omit<StoredIndicator, 'key' | 'dateAdded'>[] {
  const text = readFileSync(join(DATA, 'xsoar/ip_iocs.json'), 'utf8');
  const { iocs } = JSON.parse(text) as { iocs: XsoarIoc[] };
  const date = (iso: string | undefined): string | null => {
    const micros = iso === undefined ? null : parseTimestamp(iso);
    return micros === null ? null : formatTimestamp(micros);
  };

  return iocs.map((ioc) => ({
    type: ioc.indicator_type,
    value: ioc.value,
    score: ioc.score,
    created: date(ioc.timestamp) ?? formatTimestamp(NOW_MICROS - 30 * DAY),
    modified: date(ioc.modified) ?? formatTimestamp(NOW_MICROS - 30 * DAY),
    firstSeen: date(ioc.firstSeen),
    lastSeen: date(ioc.lastSeen),
    expiration: date(ioc.expiration),
    tags: [],
    sourceBrands: ioc.sourceBrands ?? [],
    sourceInstances: ioc.sourceInstances ?? [],
    tlp: null,
    description: null,
    aggregatedReliability: ioc.aggregatedReliability ?? null,
    stixId: null,
    customFields: ioc.CustomFields ?? {},
    relationships: [],
  }));
}
