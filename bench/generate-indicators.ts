/**
 * Generates XSOAR indicator records from the model, deterministically for a seed, and writes
 * them as XSOAR export files (`{"iocs": [...]}`), the format the importer reads.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { domainToASCII } from 'node:url';

import type { IndicatorModel, Table, ValueModel } from './indicator-model.js';
import { Prng, Weighted } from './prng.js';

/** One record as an XSOAR indicator export writes it. */
export interface XsoarRecord {
  indicator_type: string;
  value: string;
  score: number;
  timestamp: string;
  modified: string;
  firstSeen: string;
  lastSeen: string;
  sourceBrands: string[];
  tags: string[];
  description?: string;
}

// Every date is before this instant, so a seed gives the same records on any day.
const EPOCH = Date.UTC(2025, 5, 1);
const DAY = 86_400_000;
const HEX = '0123456789abcdef';

type ValueOf<K extends ValueModel['kind']> = Extract<ValueModel, { kind: K }>;

/** Draws records whose (type, value) never repeats, as the store keys them. */
export class IndicatorGenerator {
  private readonly rng: Prng;
  private readonly types: Weighted<string>;
  private readonly tables = new Map<unknown, Weighted<unknown>>();
  private readonly seen = new Set<string>();
  private readonly domain: ValueOf<'domain'> | undefined;
  private readonly ipv4: ValueOf<'ipv4'> | undefined;

  constructor(
    private readonly model: IndicatorModel,
    seed: string,
  ) {
    this.rng = new Prng(seed);
    this.types = new Weighted(model.types);
    const domain = model.byType['Domain']?.value;
    this.domain = domain?.kind === 'domain' ? domain : undefined;
    const ipv4 = model.byType['IP']?.value;
    this.ipv4 = ipv4?.kind === 'ipv4' ? ipv4 : undefined;
  }

  next(): XsoarRecord {
    const type = this.types.pick(this.rng);
    const typeModel = this.model.byType[type]!;
    let value = this.value(typeModel.value);
    for (let tries = 0; this.seen.has(`${type}\u0000${value}`); tries++) {
      if (tries > 1000) throw new Error(`the model cannot give more distinct ${type} values`);
      value = this.value(typeModel.value);
    }
    this.seen.add(`${type}\u0000${value}`);

    const created = EPOCH - this.rng.next() * 365 * DAY;
    const modified = Math.min(EPOCH, created + this.rng.next() * 30 * DAY);
    const record: XsoarRecord = {
      indicator_type: type,
      value,
      score: this.pick(typeModel.scores),
      timestamp: new Date(created).toISOString(),
      modified: new Date(modified).toISOString(),
      firstSeen: new Date(created).toISOString(),
      lastSeen: new Date(modified).toISOString(),
      sourceBrands: this.distinct(this.model.sources.names, this.pick(this.model.sources.count)),
      tags: this.distinct(this.model.tags.names, this.pick(this.model.tags.count)),
    };
    if (this.rng.chance(typeModel.descriptionRate)) record.description = this.description();
    return record;
  }

  private value(model: ValueModel): string {
    switch (model.kind) {
      case 'ipv4':
        return this.ipv4Value(model.firstOctet);
      case 'cidr4':
        return this.cidrValue(model);
      case 'ipv6':
        return this.ipv6Value(model);
      case 'domain':
        return this.domainValue(model);
      case 'url':
        return this.urlValue(model);
      case 'hash':
        return this.hex(this.pick(model.hexLength));
      case 'email':
        return `${this.chars(model.localChars, this.pick(model.localLength))}@${this.domainValue(this.domain!)}`;
    }
  }

  // Feeds publish public addresses; private and documentation ranges are drawn again.
  private ipv4Value(firstOctet: Table<number>): string {
    for (;;) {
      const first = this.pick(firstOctet);
      const octets = [first, this.rng.int(0, 255), this.rng.int(0, 255), this.rng.int(1, 254)];
      if (isPublic(octets)) return octets.join('.');
    }
  }

  private cidrValue(model: ValueOf<'cidr4'>): string {
    const prefix = this.pick(model.prefix);
    const address = this.ipv4Value(model.firstOctet).split('.').map(Number);
    const bits =
      ((address[0]! << 24) | (address[1]! << 16) | (address[2]! << 8) | address[3]!) >>> 0;
    const masked = prefix === 0 ? 0 : (bits & (~0 << (32 - prefix))) >>> 0;
    const octets = [masked >>> 24, (masked >>> 16) & 255, (masked >>> 8) & 255, masked & 255];
    return `${octets.join('.')}/${prefix}`;
  }

  private ipv6Value(model: ValueOf<'ipv6'>): string {
    const count = Math.max(2, Math.min(8, this.pick(model.groups)));
    const groups = [this.pick(model.firstGroup)];
    while (groups.length < count) {
      const digits = this.pick(model.groupDigits);
      groups.push(HEX[this.rng.int(1, 15)]! + this.hex(digits - 1));
    }
    if (count === 8) return groups.join(':');
    const split = Math.max(1, Math.floor(count / 2));
    return `${groups.slice(0, split).join(':')}::${groups.slice(split).join(':')}`;
  }

  private domainValue(model: ValueOf<'domain'>): string {
    const labels: string[] = [];
    const count = Math.max(1, this.pick(model.labels));
    for (let i = 0; i < count; i++) labels.push(this.label(model));
    if (this.rng.chance(model.idnRate)) labels[0] = this.idnLabel(model, labels[0]!);
    return `${labels.join('.')}.${this.pick(model.tld)}`;
  }

  private label(model: ValueOf<'domain'>): string {
    const length = Math.max(1, Math.min(63, this.pick(model.labelLength)));
    let label = this.chars(model.chars, length);
    while (label.startsWith('-') || label.endsWith('-')) label = this.chars(model.chars, length);
    return label;
  }

  // Real feeds write internationalized names in punycode: a label with a few non-ASCII letters.
  private idnLabel(model: ValueOf<'domain'>, label: string): string {
    const letters = [...label];
    const replaced = this.rng.int(1, Math.min(3, letters.length));
    for (let i = 0; i < replaced; i++)
      letters[this.rng.int(0, letters.length - 1)] = this.pick(model.idnChars);
    const ascii = domainToASCII(`${letters.join('')}.example`);
    return ascii === '' ? label : ascii.slice(0, -'.example'.length);
  }

  private urlValue(model: ValueOf<'url'>): string {
    const host = this.rng.chance(model.ipHostRate)
      ? this.ipv4Value(this.ipv4?.firstOctet ?? [[1, 1]])
      : this.domainValue(this.domain!);
    const port = this.rng.chance(model.portRate) ? `:${this.pick(model.ports)}` : '';
    const segments: string[] = [];
    const count = this.pick(model.segments);
    for (let i = 0; i < count; i++) {
      segments.push(this.urlChars(model.pathChars, Math.max(1, this.pick(model.segmentLength))));
    }
    if (segments.length > 0 && this.rng.chance(model.extensionRate)) {
      segments[segments.length - 1] += `.${this.pick(model.extensions)}`;
    }
    const query = this.rng.chance(model.queryRate)
      ? `?${this.urlChars(model.queryChars, Math.max(1, this.pick(model.queryLength)))}`
      : '';
    return `${this.pick(model.scheme)}://${host}${port}/${segments.join('/')}${query}`;
  }

  private description(): string {
    const words: string[] = [];
    const count = Math.max(1, this.pick(this.model.description.words));
    for (let i = 0; i < count; i++) words.push(this.pick(this.model.description.vocabulary));
    return words.join(' ');
  }

  private distinct(names: Table, count: number): string[] {
    const out = new Set<string>();
    for (let tries = 0; out.size < Math.min(count, names.length) && tries < 50; tries++) {
      out.add(this.pick(names));
    }
    return [...out];
  }

  private chars(table: Table, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += this.pick(table);
    return out;
  }

  // A `%` in a URL starts an escape: two hex digits follow it, as in the real URLs.
  private urlChars(table: Table, length: number): string {
    let out = '';
    while (out.length < length) {
      const c = this.pick(table);
      out += c === '%' ? `%${this.hex(2).toUpperCase()}` : c;
    }
    return out;
  }

  private hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += HEX[this.nextNibble()];
    return out;
  }

  private nextNibble(): number {
    return this.rng.nextUint32() & 15;
  }

  private pick<T extends string | number>(table: Table<T>): T {
    let weighted = this.tables.get(table);
    if (!weighted) this.tables.set(table, (weighted = new Weighted<unknown>(table)));
    return weighted.pick(this.rng) as T;
  }
}

function isPublic([a = 0, b = 0, c = 0]: number[]): boolean {
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if ((a === 169 && b === 254) || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168)) {
    return false;
  }
  if (a === 100 && b >= 64 && b < 128) return false;
  return !(
    (a === 192 && b === 0 && c === 2) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113) ||
    (a === 198 && (b === 18 || b === 19))
  );
}

export interface WrittenExport {
  path: string;
  records: number;
  bytes: number;
}

/** Writes `count` records from the generator as one XSOAR export file. */
export async function writeXsoarExport(
  path: string,
  count: number,
  generator: IndicatorGenerator,
): Promise<WrittenExport> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };

  await write('{"iocs":[\n');
  for (let done = 0; done < count;) {
    const chunk: string[] = [];
    for (const end = Math.min(count, done + 1000); done < end; done++) {
      chunk.push(JSON.stringify(generator.next()));
    }
    await write(`${chunk.join(',\n')}${done < count ? ',' : ''}\n`);
  }
  await write(']}\n');
  out.end();
  await once(out, 'finish');
  return { path, records: count, bytes };
}
