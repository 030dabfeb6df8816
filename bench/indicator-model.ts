/**
 * The statistical model the benchmark generates indicators from. `build-model.ts` derives it
 * from real public feeds; `indicator-model.json` is the committed result, so the benchmark runs
 * on a clone that has no copy of those feeds.
 */
import { readFileSync } from 'node:fs';

/** `[value, weight]` pairs; weights need not sum to one. */
export type Table<T extends string | number = string> = Array<[T, number]>;

export interface LengthSummary {
  mean: number;
  p50: number;
  p90: number;
  max: number;
}

export type ValueModel =
  | { kind: 'ipv4'; firstOctet: Table<number> }
  | { kind: 'cidr4'; firstOctet: Table<number>; prefix: Table<number> }
  | { kind: 'ipv6'; firstGroup: Table; groups: Table<number>; groupDigits: Table<number> }
  | {
      kind: 'domain';
      labels: Table<number>;
      labelLength: Table<number>;
      chars: Table;
      tld: Table;
      idnRate: number;
      idnChars: Table;
    }
  | {
      kind: 'url';
      scheme: Table;
      ipHostRate: number;
      portRate: number;
      ports: Table<number>;
      segments: Table<number>;
      segmentLength: Table<number>;
      pathChars: Table;
      extensionRate: number;
      extensions: Table;
      queryRate: number;
      queryLength: Table<number>;
      queryChars: Table;
    }
  | { kind: 'hash'; hexLength: Table<number> }
  | { kind: 'email'; localLength: Table<number>; localChars: Table };

export interface TypeModel {
  scores: Table<number>;
  descriptionRate: number;
  /** Value lengths in the real data, to compare generated values against. */
  valueLength: LengthSummary;
  value: ValueModel;
}

export interface IndicatorModel {
  about: string;
  derivedFrom: { files: string[]; indicators: number; omittedTypes: Record<string, number> };
  /** XSOAR indicator type to share of indicators. */
  types: Table;
  byType: Record<string, TypeModel>;
  tags: { count: Table<number>; names: Table };
  sources: { count: Table<number>; names: Table };
  description: { words: Table<number>; vocabulary: Table };
}

export const MODEL_FILE = new URL('./indicator-model.json', import.meta.url);

export function loadIndicatorModel(): IndicatorModel {
  return JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as IndicatorModel;
}
