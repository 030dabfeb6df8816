/**
 * Generates valid queries from a seeded random source and the fixture's own values, so the
 * differential test covers every field, operator and value shape with plenty of real matches.
 */
import type { StoredIndicator } from '../../../src/indicators/indicator.js';
import { formatTimestamp, parseTimestamp } from '../../../src/time/microseconds.js';
import { Random } from '../../support/random.js';

const DAY = 86_400_000_000;

type DateName = 'created' | 'modified' | 'firstSeen' | 'lastSeen' | 'expiration';

const DATE_FIELDS = ['created', 'timestamp', 'modified', 'firstSeen', 'lastseen', 'expiration'];
const STORED_DATES: readonly DateName[] = [
  'created',
  'modified',
  'firstSeen',
  'lastSeen',
  'expiration',
];
const UNITS = ['minute', 'hours', 'day', 'days', 'weeks', 'month', 'months', 'year', 'seconds'];
const COMPARISONS = ['>', '>=', '<', '<='];
const STATUSES = ['active', 'expired', 'Active', '(active expired)'];
const TLP_VALUES = [
  'WHITE',
  'white',
  'Clear',
  'CLEAR',
  'GREEN',
  'amber',
  'AMBER+STRICT',
  'AMBER*',
  'RED',
  'WH*',
  '?LEAR',
  '*',
];
const CUSTOM_KEYS = [
  'service',
  'Service',
  'port',
  'PORT',
  'active',
  'aliases',
  'nested',
  'nothing',
  'note',
  'cvss',
  'missing',
];
const CUSTOM_NUMBERS = ['0', '80', '443', '0.5', '-1', '5.5', '1e3'];
const CUSTOM_VALUES = [
  'Daily Threat Feed',
  'daily*',
  '*feed',
  'Hourly_Feed',
  'Hourly%Feed',
  '80',
  '443',
  '8080.0',
  '0.5',
  '-1',
  'true',
  'FALSE',
  'tru?',
  '*',
  '7',
  '3.25',
  'Zeus',
  'z*',
  'nested',
  'a%b',
  'a_b',
  'a?b',
  'back\\slash',
  'star*',
  'q?',
  'ünïcode',
  'Ünïcode',
  '日本語',
  '😀 smile',
  '? smile',
  '',
  'eighty',
];

export class QueryGenerator {
  private readonly random: Random;

  constructor(
    private readonly indicators: readonly StoredIndicator[],
    seed: number,
  ) {
    this.random = new Random(seed);
  }

  /** A whole query: terms joined by and/or/not/-, parentheses and implicit and. */
  query(depth = 0): string {
    const r = this.random;
    if (depth >= 3 || r.chance(0.45)) return this.unary(depth);

    const count = r.between(2, 4);
    const parts = Array.from({ length: count }, () => this.unary(depth + 1));
    const joiner = r.pick([' and ', ' AND ', ' or ', ' OR ', ' ', ' Or ']);
    const joined = parts.join(joiner);
    return depth > 0 || r.chance(0.3) ? `(${joined})` : joined;
  }

  private unary(depth: number): string {
    const r = this.random;
    const inner = depth < 3 && r.chance(0.15) ? `(${this.query(depth + 1)})` : this.term();
    const roll = r.next();
    if (roll < 0.1) return `-${inner}`;
    if (roll < 0.18) return `${r.pick(['not', 'NOT', 'Not'])} ${inner}`;
    return inner;
  }

  term(): string {
    const r = this.random;
    const makers = [
      () => this.typeTerm(),
      () => this.valueTerm(),
      () => this.valueTerm(),
      () => this.scoreTerm(),
      () =>
        this.listTerm(
          'tags',
          this.sample((x) => x.tags),
        ),
      () => this.listTerm(r.pick(['sourceBrands', 'sourcebrands']), this.sample(brands)),
      () =>
        this.listTerm(
          'sourceInstances',
          this.sample((x) => x.sourceInstances),
        ),
      () => this.dateTerm(),
      () => this.dateTerm(),
      () => this.expirationStatusTerm(),
      () => this.listTerm(r.pick(['tlp', 'trafficlightprotocol', 'TLP']), TLP_VALUES),
      () =>
        this.listTerm(
          'description',
          this.sample((x) => nonNull(x.description)),
        ),
      () => this.listTerm('aggregatedReliability', this.sample(reliabilities)),
      () => this.customTerm(),
    ];
    return r.pick(makers)();
  }

  private typeTerm(): string {
    const types = this.sample((x) => [x.type]);
    const field = this.random.pick(['type', 'Type', 'TYPE']);
    return this.listTerm(field, [...types, 'Registry Key', 'IP*']);
  }

  private valueTerm(): string {
    const r = this.random;
    const value = this.pickIndicator().value;
    const text = this.mutate(value);
    const roll = r.next();
    if (roll < 0.3) return quoteIfNeeded(text);
    if (roll < 0.8) return `${r.pick(['value', 'Value'])}:${quoteIfNeeded(text)}`;
    const others = [text, this.mutate(this.pickIndicator().value)];
    others.push(this.mutate(this.pickIndicator().value));
    return `value:(${others.map(quoteIfNeeded).join(r.pick([' ', ' or ']))})`;
  }

  /** A value as found, or changed so it tests case, wildcards and literal % and _. */
  mutate(value: string): string {
    const r = this.random;
    const chars = Array.from(value);
    const cut = r.between(0, chars.length);
    switch (r.between(0, 10)) {
      case 0:
        return value.toUpperCase();
      case 1:
        return `${chars.slice(0, cut).join('')}*`;
      case 2:
        return `*${chars.slice(cut).join('')}`;
      case 3:
        return `*${chars.slice(Math.floor(cut / 2), cut).join('')}*`;
      case 4:
        return chars.map((c, i) => (i === cut ? '?' : c)).join('');
      case 5:
        return value.replace(/\./g, '_');
      case 6:
        return value.replace(/\./g, '%');
      case 7:
        return `${chars.slice(0, cut).join('')}?*`;
      case 8:
        return `${value.replace(/\./g, r.pick(['_', '%'])).slice(0, cut)}*`;
      default:
        return value;
    }
  }

  private scoreTerm(): string {
    const r = this.random;
    const field = r.pick(['score', 'verdict', 'reputation', 'Score']);
    const names =
      field.toLowerCase() === 'score'
        ? ['0', '1', '2', '3']
        : ['0', '3', 'Malicious', 'bad', 'Suspicious', 'Benign', 'good', 'Unknown', 'none'];
    if (r.chance(0.4)) return `${field}:${r.pick(COMPARISONS)}${r.pick(names)}`;
    return this.listTerm(field, names, false);
  }

  private dateTerm(): string {
    const r = this.random;
    const field = r.pick(DATE_FIELDS);
    const op = r.pick(['', ...COMPARISONS]);
    const stored = this.datesOf(r.pick(STORED_DATES));
    const micros = stored.length > 0 ? r.pick(stored) : Date.UTC(2024, 0, 1) * 1000;

    if (op !== '' && r.chance(0.4)) {
      const unit = r.pick(UNITS);
      const amount = unit.startsWith('year') ? r.between(0, 150) : r.between(0, 400);
      return `${field}:${op}"${amount} ${unit} ago"`;
    }

    const iso = formatTimestamp(micros);
    const written = r.pick([
      iso.slice(0, 10),
      iso.slice(0, 10),
      iso.slice(0, 16),
      `${iso.slice(0, 19)}Z`,
      iso,
      formatTimestamp(micros + r.between(-2, 2) * DAY).slice(0, 10),
      `${iso.slice(0, 10)}T23:59:59.999999Z`,
      `${iso.slice(0, 16)}+02:00`,
    ]);
    if (op !== '') return `${field}:${op}${written}`;
    if (r.chance(0.2)) {
      const other = formatTimestamp(r.pick(stored.length > 0 ? stored : [micros])).slice(0, 10);
      return `${field}:(${written} ${other})`;
    }
    return `${field}:${written}`;
  }

  private expirationStatusTerm(): string {
    const r = this.random;
    return `${r.pick(['expirationStatus', 'expirationstatus'])}:${r.pick(STATUSES)}`;
  }

  private customTerm(): string {
    const r = this.random;
    const key = r.pick(CUSTOM_KEYS);
    if (r.chance(0.3)) return `${key}:${r.pick(COMPARISONS)}${r.pick(CUSTOM_NUMBERS)}`;
    return this.listTerm(key, CUSTOM_VALUES);
  }

  /** `field:value` or `field:(v1 v2 ...)` with values (and mutations) from the given pool. */
  private listTerm(field: string, pool: readonly string[], mutates = true): string {
    const r = this.random;
    const values = pool.length > 0 ? pool : ['nothing-here'];
    const one = (): string =>
      quoteIfNeeded(mutates && r.chance(0.3) ? this.mutate(r.pick(values)) : r.pick(values));
    if (r.chance(0.75)) return `${field}:${one()}`;
    const items = Array.from({ length: r.between(1, 4) }, one);
    return `${field}:(${items.join(r.pick([' ', ' or ', ' OR ']))})`;
  }

  private pickIndicator(): StoredIndicator {
    return this.random.pick(this.indicators);
  }

  private sample(values: (x: StoredIndicator) => readonly string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < 12; i++) out.push(...values(this.pickIndicator()));
    return out;
  }

  private datesOf(field: DateName): number[] {
    const out: number[] = [];
    for (let i = 0; i < 8; i++) {
      const text = this.pickIndicator()[field];
      const micros = text === null ? null : parseTimestamp(text);
      if (micros !== null) out.push(micros);
    }
    return out;
  }
}

function nonNull(value: string | null): string[] {
  return value === null ? [] : [value];
}

function brands(x: StoredIndicator): readonly string[] {
  return x.sourceBrands;
}

function reliabilities(x: StoredIndicator): readonly string[] {
  return nonNull(x.aggregatedReliability);
}

/** Bare when the parser reads it back unchanged as a value, quoted (with escapes) otherwise. */
export function quoteIfNeeded(value: string): string {
  const keyword = /^(?:and|or|not|&&|\|\|)$/i.test(value);
  const bare = /^[^\s()"[{<>-][^\s()"]*$/u.test(value) && !keyword;
  const looksLikeField = /^[A-Za-z_][A-Za-z0-9_]*:/.test(value);
  if (bare && !looksLikeField) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
