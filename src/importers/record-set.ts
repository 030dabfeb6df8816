/**
 * The records of one file: defaults applied, repeats merged, rejections kept in line order.
 *
 * A value the file gives twice becomes one record at its first line; later lines only add
 * tags, sources, ports and relationships, and fill fields the first line left empty. So a
 * file imports to the same records however often its lines repeat.
 */
import type { IndicatorInput, IndicatorRelationship, Score } from '../indicators/indicator.js';
import type {
  ImportDefaults,
  ImportFormat,
  ParsedFile,
  ParsedRecord,
  Rejection,
} from './import-types.js';

const SCALAR_FIELDS = [
  'created',
  'modified',
  'firstSeen',
  'lastSeen',
  'expiration',
  'tlp',
  'description',
  'aggregatedReliability',
  'stixId',
] as const;

/** An indicator with every optional field present and empty. */
export function blankIndicator(type: string, value: string, score: Score): IndicatorInput {
  return {
    type,
    value,
    score,
    created: null,
    modified: null,
    firstSeen: null,
    lastSeen: null,
    expiration: null,
    tags: [],
    sourceBrands: [],
    sourceInstances: [],
    tlp: null,
    description: null,
    aggregatedReliability: null,
    stixId: null,
    customFields: {},
    relationships: [],
  };
}

export class RecordSet {
  // By type, then value: cheaper than one map keyed by a joined string, at 100k records.
  private readonly records = new Map<string, Map<string, ParsedRecord>>();
  private readonly order: ParsedRecord[] = [];
  private readonly rejections: Rejection[] = [];
  private readonly skipped: Record<string, number> = {};

  constructor(
    readonly file: string,
    private readonly defaults: ImportDefaults,
  ) {}

  /** The score for a record whose source gives `own` (undefined when it gives none). */
  score(own?: Score): Score {
    return own ?? this.defaults.score ?? 0;
  }

  /** Adds a record, or merges it into the record the file already gave for its value. */
  add(line: number, indicator: IndicatorInput): void {
    withDefaults(indicator, this.defaults);
    let ofType = this.records.get(indicator.type);
    if (!ofType) this.records.set(indicator.type, (ofType = new Map()));

    const kept = ofType.get(indicator.value);
    if (kept) return mergeInto(kept.indicator, indicator);
    const record = { line, indicator };
    ofType.set(indicator.value, record);
    this.order.push(record);
  }

  /** Adds a relationship to the record for (type, value); false when the file has none. */
  relate(type: string, value: string, relationship: IndicatorRelationship): boolean {
    const kept = this.records.get(type)?.get(value);
    if (!kept) return false;
    kept.indicator.relationships = unionRelationships(kept.indicator.relationships ?? [], [
      relationship,
    ]);
    return true;
  }

  reject(line: number, reason: string): void {
    this.rejections.push({ file: this.file, line, reason });
  }

  /** Rejects an object that is no indicator, and counts it under its kind (a STIX type). */
  notImported(line: number, kind: string, reason: string): void {
    this.reject(line, reason);
    this.skipped[kind] = (this.skipped[kind] ?? 0) + 1;
  }

  finish(format: ImportFormat): ParsedFile {
    const rejections = [...this.rejections].sort((a, b) => a.line - b.line);
    const notImported = { ...this.skipped };
    return { file: this.file, format, records: [...this.order], rejections, notImported };
  }
}

function withDefaults(indicator: IndicatorInput, defaults: ImportDefaults): void {
  if (defaults.tags?.length) indicator.tags = union(indicator.tags, defaults.tags);
  if (defaults.source) indicator.sourceBrands = union(indicator.sourceBrands, [defaults.source]);
}

/** Folds a later record for the same (type, value) into the one kept. */
export function mergeInto(kept: IndicatorInput, later: IndicatorInput): void {
  kept.tags = union(kept.tags, later.tags);
  kept.sourceBrands = union(kept.sourceBrands, later.sourceBrands);
  kept.sourceInstances = union(kept.sourceInstances, later.sourceInstances);
  kept.relationships = unionRelationships(kept.relationships ?? [], later.relationships ?? []);

  for (const field of SCALAR_FIELDS) {
    if (kept[field] == null && later[field] != null) kept[field] = later[field];
  }

  for (const [name, value] of Object.entries(later.customFields)) {
    const mine = kept.customFields[name];
    if (mine === undefined) kept.customFields[name] = value;
    else if (Array.isArray(mine) && Array.isArray(value)) {
      kept.customFields[name] = union(mine, value);
    }
  }
}

/** The elements of `a` then those of `b` not already present, in order. */
export function union<T>(a: readonly T[], b: readonly T[]): T[] {
  const out = [...a];
  const seen = new Set(a);
  for (const item of b) {
    if (!seen.has(item)) {
      seen.add(item);
      out.push(item);
    }
  }
  return out;
}

function unionRelationships(
  a: IndicatorRelationship[],
  b: IndicatorRelationship[],
): IndicatorRelationship[] {
  const out = [...a];
  const seen = new Set(a.map(relationshipKey));
  for (const relationship of b) {
    const key = relationshipKey(relationship);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(relationship);
    }
  }
  return out;
}

function relationshipKey(r: IndicatorRelationship): string {
  return `${r.relationshipType}\u0000${r.targetType}\u0000${r.targetValue}`;
}
