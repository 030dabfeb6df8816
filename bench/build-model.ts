/**
 * Derives bench/indicator-model.json from a folder of real public feeds (plain lists, CSV,
 * XSOAR exports, STIX bundles), read through the product's own importer so that the model sees
 * values as the store would hold them.
 *
 *   npx tsx bench/build-model.ts [FOLDER]     (default: ../shared/data/real)
 *
 * The model keeps distributions (type mix, scores, label and path lengths, character and TLD
 * frequencies, tag and source counts, description lengths and words), never whole records.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { domainToUnicode } from 'node:url';

import type { IndicatorInput } from '../src/indicators/indicator.js';
import { IndicatorGenerator } from './generate-indicators.js';
import {
  MODEL_FILE,
  type IndicatorModel,
  type LengthSummary,
  type Table,
  type TypeModel,
  type ValueModel,
} from './indicator-model.js';
import { readRealFeeds } from './real-feeds.js';

// Types rarer than this are left out of the model rather than generated from a handful.
const MIN_SHARE = 0.001;

async function main(): Promise<void> {
  const folder = resolve(
    process.argv[2] ?? join(import.meta.dirname, '..', '..', 'shared', 'data', 'real'),
  );
  const { records, files } = await readRealFeeds(folder);
  const model = buildModel(records, files);
  writeFileSync(MODEL_FILE, `${compactJson(model)}\n`);
  report(model);
}

function buildModel(records: IndicatorInput[], files: string[]): IndicatorModel {
  const byTypeRecords = groupBy(records, (r) => r.type);
  const omittedTypes: Record<string, number> = {};
  const byType: Record<string, TypeModel> = {};
  const domains = records.filter((r) => r.type === 'Domain').map((r) => r.value);

  for (const [type, list] of byTypeRecords) {
    const value =
      list.length / records.length >= MIN_SHARE
        ? valueModel(
            type,
            list.map((r) => r.value),
            domains,
          )
        : null;
    if (!value) {
      omittedTypes[type] = list.length;
      continue;
    }
    byType[type] = {
      scores: counted(list.map((r) => r.score)),
      descriptionRate: round(list.filter((r) => r.description).length / list.length),
      valueLength: lengths(list.map((r) => r.value.length)),
      value,
    };
  }

  const kept = records.filter((r) => byType[r.type]);
  const descriptions = kept.map((r) => r.description).filter((d): d is string => !!d);
  const words = descriptions.map((d) => d.split(/\s+/).filter(Boolean));
  return {
    about:
      'Distributions of real public threat-intel feeds, derived by bench/build-model.ts; the ' +
      'benchmark generates indicators from them with a seeded generator.',
    derivedFrom: { files, indicators: kept.length, omittedTypes },
    types: counted(kept.map((r) => r.type)),
    byType,
    tags: {
      count: counted(kept.map((r) => r.tags.length)),
      names: top(
        kept.flatMap((r) => r.tags),
        200,
      ),
    },
    sources: {
      count: counted(kept.map((r) => r.sourceBrands.length)),
      names: top(
        kept.flatMap((r) => r.sourceBrands),
        100,
      ),
    },
    description: {
      words: counted(words.map((w) => Math.min(w.length, 60))),
      vocabulary: top(words.flat(), 600),
    },
  };
}

function valueModel(type: string, values: string[], domains: string[]): ValueModel | null {
  switch (type) {
    case 'IP':
      return { kind: 'ipv4', firstOctet: counted(values.map((v) => Number(v.split('.')[0]))) };
    case 'CIDR':
      return {
        kind: 'cidr4',
        firstOctet: counted(values.map((v) => Number(v.split('.')[0]))),
        prefix: counted(values.map((v) => Number(v.split('/')[1]))),
      };
    case 'IPv6':
      return ipv6Model(values);
    case 'Domain':
      return domainModel(values);
    case 'URL':
      return urlModel(values);
    case 'File':
      return { kind: 'hash', hexLength: counted(values.map((v) => v.length)) };
    case 'Email': {
      const locals = values.map((v) => v.slice(0, v.lastIndexOf('@')));
      if (domains.length === 0) return null;
      return {
        kind: 'email',
        localLength: counted(locals.map((l) => l.length)),
        localChars: counted([...locals.join('')]),
      };
    }
    default:
      return null;
  }
}

function ipv6Model(values: string[]): ValueModel {
  const groups = values.map((v) => v.split(':').filter((g) => g !== ''));
  return {
    kind: 'ipv6',
    firstGroup: top(
      groups.map((g) => g[0] ?? '0'),
      60,
    ),
    groups: counted(groups.map((g) => g.length)),
    groupDigits: counted(groups.flatMap((g) => g.slice(1).map((x) => x.length))),
  };
}

function domainModel(values: string[]): ValueModel {
  const split = values.map((v) => v.split('.'));
  const hosts = split.map((labels) => labels.slice(0, -1));
  const idn = values.filter((v) => v.includes('xn--') || /[^\x00-\x7f]/.test(v));
  const asciiLabels = hosts.flat().filter((l) => !l.startsWith('xn--') && !/[^\x00-\x7f]/.test(l));
  const idnChars = idn.flatMap((v) =>
    [...domainToUnicode(v)].filter((c) => c.charCodeAt(0) > 0x7f),
  );
  return {
    kind: 'domain',
    labels: counted(hosts.map((h) => h.length)),
    labelLength: counted(asciiLabels.map((l) => l.length)),
    chars: counted([...asciiLabels.join('')]),
    tld: top(
      split.map((labels) => labels[labels.length - 1] ?? 'com'),
      150,
    ),
    idnRate: round(idn.length / values.length),
    idnChars: top(idnChars, 200),
  };
}

function urlModel(values: string[]): ValueModel {
  const urls = values.flatMap((v) => {
    try {
      return [new URL(v)];
    } catch {
      return [];
    }
  });
  const segments = urls.map((u) => u.pathname.split('/').filter(Boolean));
  const last = segments.map((s) => s[s.length - 1] ?? '');
  const extensions = last
    .map((l) => /\.([a-z0-9]{1,5})$/i.exec(l)?.[1]?.toLowerCase())
    .filter((e): e is string => !!e);
  const queries = urls.map((u) => u.search.slice(1)).filter(Boolean);
  return {
    kind: 'url',
    scheme: counted(urls.map((u) => u.protocol.slice(0, -1))),
    ipHostRate: round(urls.filter((u) => /^[\d.]+$|^\[/.test(u.hostname)).length / urls.length),
    portRate: round(urls.filter((u) => u.port !== '').length / urls.length),
    ports: counted(urls.filter((u) => u.port !== '').map((u) => Number(u.port))),
    segments: counted(segments.map((s) => s.length)),
    segmentLength: counted(segments.flat().map((s) => Math.min(s.length, 120))),
    pathChars: counted([...segments.flat().join('')].filter((c) => c !== '.')),
    extensionRate: round(extensions.length / Math.max(1, last.filter(Boolean).length)),
    extensions: counted(extensions),
    queryRate: round(queries.length / urls.length),
    queryLength: counted(queries.map((q) => Math.min(q.length, 200))),
    queryChars: counted([...queries.join('')]),
  };
}

function report(model: IndicatorModel): void {
  const generator = new IndicatorGenerator(model, 'model check');
  const generated = new Map<string, number[]>();
  for (let i = 0; i < 20_000; i++) {
    const r = generator.next();
    const list = generated.get(r.indicator_type) ?? [];
    list.push(r.value.length);
    generated.set(r.indicator_type, list);
  }
  process.stdout.write(
    `wrote ${MODEL_FILE.pathname} from ${model.derivedFrom.indicators} indicators\n`,
  );
  process.stdout.write('type        share   real length mean/p50/p90   generated mean/p50/p90\n');
  for (const [type, share] of model.types) {
    const real = model.byType[type]!.valueLength;
    const gen = lengths(generated.get(type) ?? [0]);
    process.stdout.write(
      `${type.padEnd(10)} ${share.toFixed(4).padStart(6)}   ${`${real.mean}/${real.p50}/${real.p90}`.padEnd(24)}` +
        `   ${gen.mean}/${gen.p50}/${gen.p90}\n`,
    );
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Shares of each distinct value, largest first, rounded to keep the file small. */
function counted<T extends string | number>(values: T[]): Table<T> {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const total = Math.max(1, values.length);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))
    .map(([v, n]): [T, number] => [v, Number((n / total).toPrecision(4))]);
}

function top<T extends string>(values: T[], limit: number): Table<T> {
  return counted(values).slice(0, limit);
}

function lengths(values: number[]): LengthSummary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  return {
    mean: Math.round(mean * 10) / 10,
    p50: at(0.5),
    p90: at(0.9),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

// Indented, with each innermost array on one line: the tables stay readable in a diff.
function compactJson(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(
    /\[\s+([^[\]{}]*?)\s+\]/g,
    (_, inner: string) => `[${inner.replace(/,\s+/g, ', ')}]`,
  );
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}

await main();
