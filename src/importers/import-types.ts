import type { IndicatorInput, Score } from '../indicators/indicator.js';

/** The file formats the importer reads; detected from content unless `format` is given. */
export type ImportFormat = 'xsoar-json' | 'stix-bundle' | 'list' | 'csv';

/** What the caller knows about a file that the file itself may not say. */
export interface ImportDefaults {
  /**
   * The type of every value that carries no type of its own (list lines, CSV rows without a
   * type cell, XSOAR records without `indicator_type`). Detection is skipped for those values:
   * a type the importer can check (IP, Domain, URL, File, ...) still validates and normalizes
   * the value; any other type keeps it as written.
   */
  type?: string;
  /** Score for records whose source gives none; 0 when absent. */
  score?: Score;
  /** Added to every record's tags. */
  tags?: string[];
  /** Added to every record's `sourceBrands`. */
  source?: string;
  format?: ImportFormat;
  /** CSV only: the header of the column holding indicator values, when it is not named so. */
  valueColumn?: string;
}

/** One indicator and the 1-based line where the file first gave it. */
export interface ParsedRecord {
  line: number;
  indicator: IndicatorInput;
}

/** Something at a line that was not imported, and why. */
export interface Rejection {
  file: string;
  line: number;
  reason: string;
}

export interface ParsedFile {
  file: string;
  format: ImportFormat;
  records: ParsedRecord[];
  rejections: Rejection[];
  /** Objects that are no indicator (STIX bundles only), counted by their type. */
  notImported: Record<string, number>;
}
