/**
 * The indicator: the unit the store holds and every collection query selects.
 *
 * Field names follow Cortex XSOAR's indicator export (camelCase), because those are the names
 * users write in collection queries. Dates are ISO 8601 strings at the edges and integer
 * microseconds since the Unix epoch inside the store.
 */

/** XSOAR's reputation score: 0 unknown, 1 good, 2 suspicious, 3 bad. */
export type Score = 0 | 1 | 2 | 3;

/** XSOAR's indicator type names (the list is open: custom types are kept as written). */
export const INDICATOR_TYPES = [
  'IP',
  'IPv6',
  'CIDR',
  'IPv6CIDR',
  'Domain',
  'DomainGlob',
  'URL',
  'Email',
  'File',
  'Registry Key',
  'ASN',
  'Mutex',
  'Account',
  'CVE',
  'Software',
  'X509 Certificate',
  'Malware',
  'Threat Actor',
  'Attack Pattern',
  'Campaign',
  'Course of Action',
  'Infrastructure',
  'Intrusion Set',
  'Report',
  'Tool',
  'Identity',
  'Location',
] as const;

export type KnownIndicatorType = (typeof INDICATOR_TYPES)[number];

/** A relationship stored with its source indicator, pointing at another indicator. */
export interface IndicatorRelationship {
  /** STIX relationship type, lower case and hyphenated (`indicates`, `uses`, ...). */
  relationshipType: string;
  targetType: string;
  targetValue: string;
  description?: string | null;
  /**
   * What the store knows of the target indicator when it renders the source: the facts its
   * object's id depends on. Filled for rendering only, never stored with the source.
   */
  target?: RelationshipTarget | undefined;
}

/** A target indicator's own STIX id and custom fields (which hold a File's other hashes). */
export interface RelationshipTarget {
  stixId: string | null;
  customFields: Record<string, unknown>;
}

/** What an importer hands the store: one indicator, as the source describes it. */
export interface IndicatorInput {
  type: string;
  value: string;
  score: Score;
  /** ISO 8601; the store fills `created`/`modified` with the import time when absent. */
  created?: string | null;
  modified?: string | null;
  firstSeen?: string | null;
  lastSeen?: string | null;
  expiration?: string | null;
  tags: string[];
  sourceBrands: string[];
  sourceInstances: string[];
  /** TLP colour as written by the source (WHITE, CLEAR, GREEN, AMBER, AMBER+STRICT, RED). */
  tlp?: string | null;
  description?: string | null;
  aggregatedReliability?: string | null;
  /** A STIX id the source already gave this indicator; it wins over a derived id. */
  stixId?: string | null;
  customFields: Record<string, unknown>;
  relationships?: IndicatorRelationship[];
}

/** An indicator as the store holds it: normalized dates and the store's own bookkeeping. */
export interface StoredIndicator {
  /** The store's row key; stable for the life of the indicator. */
  key: number;
  type: string;
  value: string;
  score: Score;
  /** ISO 8601 UTC with microseconds. */
  created: string;
  modified: string;
  firstSeen: string | null;
  lastSeen: string | null;
  expiration: string | null;
  tags: string[];
  sourceBrands: string[];
  sourceInstances: string[];
  tlp: string | null;
  description: string | null;
  aggregatedReliability: string | null;
  stixId: string | null;
  customFields: Record<string, unknown>;
  relationships: IndicatorRelationship[];
  /** Microseconds since the epoch; strictly increasing across the store. */
  dateAdded: number;
}
