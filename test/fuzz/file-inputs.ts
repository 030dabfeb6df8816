/**
 * Hostile files for the three things the server reads from disk: the collections document,
 * the configuration file and import files. Each input starts from a valid file of its kind and
 * is damaged the way real files are: cut short, a value of the wrong type, bytes flipped,
 * binary, a 1 MB line, deep nesting, a byte-order mark, NULs and invalid UTF-8.
 */
import type { Random } from '../support/random.js';

export type FileTarget = 'collections' | 'config' | 'import';

export interface FileInput {
  /** The file's name, whose extension the importer looks at. */
  name: string;
  bytes: Buffer;
  /** How the input was made, for the report. */
  how: string;
}

const COLLECTIONS_SEEDS: unknown[] = [
  {
    'bad-ips': { query: 'type:IP and score:3', description: 'Malicious addresses' },
    'all-domains': 'type:Domain',
    partners: { query: 'score:3', read: [], public: false },
  },
  { everything: '', urls: { query: 'type:URL -tags:benign', public: true } },
];

const CONFIG_SEEDS: unknown[] = [
  {
    port: 9000,
    host: '127.0.0.1',
    pathPrefix: '',
    limits: { maxConcurrentRequests: 64, rate: { perMinute: 600, burst: 120 } },
    auth: { realm: 'feeds', publicDiscovery: true },
    apiRoot: { maxContentLength: 1048576 },
  },
  { maxPageSize: 500, versions: ['2.1', '2.0'], logLevel: 'warn', stix: { observables: true } },
];

const XSOAR_EXPORT = {
  iocs: [
    { indicator_type: 'IP', value: '198.51.100.7', score: 3, tags: ['c2'], sourceBrands: ['feed'] },
    {
      indicator_type: 'Domain',
      value: 'evil.example',
      score: 2,
      expiration: '2031-01-01T00:00:00Z',
    },
    {
      indicator_type: 'File',
      value: 'd41d8cd98f00b204e9800998ecf8427e',
      score: 1,
      CustomFields: { md5: 'd41d8cd98f00b204e9800998ecf8427e', service: 'x' },
    },
  ],
};

const IMPORT_SEEDS: Array<{ name: string; text: string }> = [
  { name: 'export.json', text: JSON.stringify(XSOAR_EXPORT) },
  { name: 'lines.json', text: XSOAR_EXPORT.iocs.map((i) => JSON.stringify(i)).join('\n') },
  { name: 'list.txt', text: '# feed\n198.51.100.1\nhxxp://evil[.]example/path\nbad.example\n' },
  {
    name: 'feed.csv',
    text: 'value,type,score,tags\n198.51.100.2,IP,3,c2\n"evil.example",Domain,2,"a,b"\n',
  },
];

/** Makes the n-th input for a target. */
export function fileInput(target: FileTarget, random: Random): FileInput {
  if (target === 'import') {
    const seed = random.pick(IMPORT_SEEDS);
    const name = random.chance(0.1) ? random.pick(['data.bin', 'x', 'feed.CSV']) : seed.name;
    const { bytes, how } = damage(seed.text, random, seed.name.endsWith('json'));
    return { name, bytes, how };
  }
  const seeds = target === 'collections' ? COLLECTIONS_SEEDS : CONFIG_SEEDS;
  const { bytes, how } = damage(JSON.stringify(random.pick(seeds), null, 2), random, true);
  return { name: `${target}.json`, bytes, how };
}

const DAMAGE = [
  'truncate',
  'wrong-type',
  'flip-bytes',
  'binary',
  'long-line',
  'deep-nesting',
  'bom',
  'nul-and-bad-utf8',
  'intact',
] as const;

function damage(text: string, random: Random, json: boolean): { bytes: Buffer; how: string } {
  const how = random.pick(DAMAGE);
  const bytes = Buffer.from(text, 'utf8');
  switch (how) {
    case 'truncate':
      return { bytes: bytes.subarray(0, random.int(bytes.length)), how };
    case 'wrong-type':
      return { bytes: Buffer.from(json ? wrongType(text, random) : text.replace(/\d/g, 'x')), how };
    case 'flip-bytes': {
      const copy = Buffer.from(bytes);
      for (let i = 0, n = 1 + random.int(8); i < n && copy.length > 0; i++) {
        copy[random.int(copy.length)] = random.int(256);
      }
      return { bytes: copy, how };
    }
    case 'binary':
      return {
        bytes: Buffer.from(Array.from({ length: random.int(4096) }, () => random.int(256))),
        how,
      };
    case 'long-line': {
      const long = random
        .pick(['a', '1', '.', '"', '\\u0041', '[', 'x.example,'])
        .repeat(Math.ceil((1024 * 1024) / 2));
      const at = random.int(bytes.length + 1);
      return {
        bytes: Buffer.concat([bytes.subarray(0, at), Buffer.from(long), bytes.subarray(at)]),
        how,
      };
    }
    case 'deep-nesting': {
      const depth = 1000 + random.int(100_000);
      return {
        bytes: Buffer.from(`${'['.repeat(depth)}${random.chance(0.5) ? ']'.repeat(depth) : ''}`),
        how,
      };
    }
    case 'bom':
      return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]), how };
    case 'nul-and-bad-utf8': {
      const at = random.int(bytes.length + 1);
      const junk = Buffer.from(random.pick([[0], [0xc3, 0x28], [0xff, 0xfe], [0xed, 0xa0, 0x80]]));
      return { bytes: Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]), how };
    }
    case 'intact':
      return { bytes, how };
  }
}

/** Replaces one value somewhere in a JSON document with a value of another type. */
function wrongType(text: string, random: Random): string {
  if (text.includes('\n{')) {
    // One object a line: damage one line.
    const lines = text.split('\n');
    const at = random.int(lines.length);
    lines[at] = wrongType(lines[at]!, random);
    return lines.join('\n');
  }
  const document = JSON.parse(text) as unknown;
  const replacements: unknown[] = [
    null,
    0,
    -1,
    1e308,
    'text',
    '',
    true,
    [],
    {},
    [1, 'a'],
    { a: {} },
  ];
  const paths: Array<Array<string | number>> = [];
  const walk = (node: unknown, path: Array<string | number>) => {
    paths.push(path);
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, i]));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    }
  };
  walk(document, []);
  const path = random.pick(paths);
  const value = random.pick(replacements);
  if (path.length === 0) return JSON.stringify(value);
  let parent = document as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path.at(-1)!] = value;
  return JSON.stringify(document);
}
