import type { IndicatorInput, StoredIndicator } from '../indicators/indicator.js';
import type { QueryNode } from '../query/ast.js';
import type { StixRenderer } from '../stix/rendered.js';
import type { IndicatorRow } from './indicator-record.js';
import type { PostedBatch } from './posted-dump.js';
import type { PostedObjectStore, VersionSelection } from './posted-objects.js';

/** A collection's query compiled for one store's dialect; opaque outside the store. */
export interface StoreQuery {
  readonly dialect: string;
  /** True when the query's answer depends on the time it is asked at (a relative date). */
  readonly timeDependent: boolean;
}

/** A position in collection order: the last (date_added, id) a page served. */
export interface PagePosition {
  dateAdded: number;
  id: string;
}

/** What a page of a collection's objects is drawn from; TAXII filters compose with the query. */
export interface ObjectFilter {
  query: StoreQuery;
  /** The renderer profile whose objects are served. */
  profile: string;
  /** Exclusive lower bound on date_added, in microseconds. */
  addedAfter?: number | undefined;
  /** STIX types (`match[type]`); empty or absent means any. */
  types?: readonly string[] | undefined;
  /** STIX ids (`match[id]`); empty or absent means any. */
  ids?: readonly string[] | undefined;
  /** Which versions of each object (`match[version]`); absent means the latest alone. */
  versions?: ObjectVersions | undefined;
  /** Continue after this position (exclusive). */
  after?: PagePosition | undefined;
  limit: number;
  /**
   * Skip this many objects first: TAXII 2.0 pages by item ranges. Keyset continuation
   * (`after`) is the cheap way; an offset costs a scan of the skipped rows.
   */
  offset?: number | undefined;
  /** Manifests need no object bodies; leaving them out keeps the read small. */
  withJson: boolean;
  /** Evaluation time for relative dates and expiration, in microseconds. */
  now: number;
  /**
   * For a writable collection: page its posted objects instead (query and profile are then
   * not read), by spec version and by which versions of each object.
   */
  posted?: PostedSelection | undefined;
}

/**
 * Which versions of each indicator-derived object a read selects (TAXII 2.1 section 3.4.2):
 * any of the exact ones, the oldest retained, the latest, or every retained version.
 */
export interface ObjectVersions {
  /** Exact versions as rendered (`modified`, a STIX timestamp in milliseconds). */
  exact: readonly string[];
  first: boolean;
  last: boolean;
  all: boolean;
}

/** The selection a read makes when the client names no version: the latest alone. */
export const LATEST_VERSION: ObjectVersions = { exact: [], first: false, last: true, all: false };

/** Whether a selection is the latest version alone, which only the current objects hold. */
export function latestOnly(versions: ObjectVersions | undefined): boolean {
  return !versions || (versions.last && !versions.first && !versions.all && !versions.exact.length);
}

export interface PostedSelection {
  collection: string;
  /** `match[spec_version]`; absent means each object's newest spec version. */
  specVersions?: readonly string[] | undefined;
  versions: VersionSelection;
}

export interface ObjectRecord {
  id: string;
  type: string;
  version: string;
  dateAdded: number;
  /** A posted object's STIX spec version; indicators' objects are of the version read. */
  specVersion?: string;
  /** The rendered object; empty when the filter asked for no bodies. */
  json: string;
}

export interface ObjectPage {
  objects: ObjectRecord[];
  more: boolean;
}

/** Told, now and then during an upsert, how many of its records have been handled. */
export type WriteProgress = (handled: number) => void;

/** Versions of each indicator-derived object a store keeps, the latest included, by default. */
export const DEFAULT_VERSION_RETENTION = 10;

/** How many records an upsert handles between two progress reports, at most. */
export const WRITE_PROGRESS_EVERY = 1000;

export interface WriteSummary {
  added: number;
  updated: number;
  unchanged: number;
  /** Records the store could not take, by their index in the batch; the rest are written. */
  rejected: Array<{ index: number; reason: string }>;
}

/** A rendered object as the store keeps it, for one renderer profile. */
export interface StoredObject {
  profile: string;
  id: string;
  type: string;
  version: string;
  json: string;
  /** A relationship's target object, served only beside it (RenderedObject.targetRef). */
  targetRef?: string | null;
  /** Every object a report names, all served beside it (RenderedObject.targetRefs). */
  targetRefs?: readonly string[] | null;
  /** One copy of an object many indicators refer to; a collection serves its first. */
  shared?: boolean;
  /**
   * Where the object sits in collection order when not at its indicator's date_added: a
   * relationship takes the later date of its two ends, a report (and its relationships) the
   * latest of its own and those of the objects it names, so pollers see it once all are there.
   */
  dateAdded?: number;
}

/** One indicator with the store's bookkeeping and its rendered objects: what moves between stores. */
export interface StoreRecord {
  key: number;
  dateAdded: number;
  row: IndicatorRow;
  /** The latest version of each of its objects. */
  objects: StoredObject[];
  /** The earlier versions the store retains, each with the date_added it was stored at. */
  earlierVersions?: StoredObject[];
}

/** A whole store's content, as `migrate-store` carries it from one store to another. */
export interface StoreDump {
  settings: Readonly<Record<string, string>>;
  /** Batches of records in key order. */
  records: AsyncIterable<readonly StoreRecord[]>;
  /** The writable collections' rows: posted objects, statuses and their outcomes. */
  posted?: AsyncIterable<PostedBatch>;
}

/**
 * The indicator store. It speaks indicators, compiled collection queries and pages; SQL lives
 * only behind it. Every method may be called from any server process sharing the store.
 */
export interface IndicatorStore {
  /** A short description for logs and `info`, e.g. `sqlite:/path/to/file.db`. */
  readonly location: string;

  /** Writable collections: posted objects and the statuses of add requests. */
  readonly posted: PostedObjectStore;

  compileQuery(node: QueryNode): StoreQuery;

  /**
   * Adds or updates indicators in one transaction, keyed by (type, value). An indicator whose
   * content is unchanged keeps its date_added and its objects; a changed or new one gets a fresh
   * date_added, and a changed one's objects a later `modified`, their earlier versions kept up
   * to the store's version retention.
   */
  upsertIndicators(
    records: readonly IndicatorInput[],
    renderers: readonly StixRenderer[],
    onProgress?: WriteProgress,
  ): Promise<WriteSummary>;

  /** Renders every indicator for any renderer profile the store has not rendered completely. */
  ensureRendered(renderers: readonly StixRenderer[]): Promise<number>;

  pageObjects(filter: ObjectFilter): Promise<ObjectPage>;

  /**
   * Drops the earlier versions beyond the store's version retention, as after it was lowered
   * (each write prunes the objects it changes); resolves to how many were dropped. A store that
   * cannot write drops none.
   */
  pruneVersions(): Promise<number>;

  /** How many objects the filter selects, ignoring its position, offset and limit. */
  countObjects(
    filter: Omit<ObjectFilter, 'after' | 'offset' | 'limit' | 'withJson'>,
  ): Promise<number>;

  countIndicators(): Promise<number>;

  /**
   * The write generation (write-generation.ts): raised by every write transaction that may
   * change what a query-defined collection serves, in any profile; 0 before the first.
   */
  writeGeneration(): Promise<number>;

  /** Counts the indicators a compiled query selects, at time `now` (microseconds). */
  countMatching(query: StoreQuery, now: number): Promise<number>;

  /** The first `limit` indicators a compiled query selects at time `now`, in key order. */
  listMatching(query: StoreQuery, now: number, limit: number): Promise<StoredIndicator[]>;

  /** The store's own text of a compiled query (SQL and parameters), for `query --explain`. */
  describeQuery(query: StoreQuery, now: number): { text: string; params: unknown[] };

  /** Returns the stored setting, storing `initial` first when there is none (first start wins). */
  setting(key: string, initial: () => string): Promise<string>;

  /** Every stored setting: the namespace, the cursor secret, the rendered profiles ... */
  readSettings(): Promise<Record<string, string>>;

  /** Up to `limit` records with keys above `afterKey`, in key order, with their objects. */
  dumpRecords(afterKey: number, limit: number): Promise<StoreRecord[]>;

  /**
   * Loads a dump in one transaction, keeping settings, keys, dates and rendered objects as they
   * were, so every collection serves byte for byte what the source served and every `next`
   * token the source issued stays good. Refuses a store that already holds indicators.
   * Resolves to the number of indicators loaded.
   */
  loadDump(dump: StoreDump): Promise<number>;

  /** Resolves when the store answers a trivial query. */
  ping(): Promise<void>;

  close(): Promise<void>;
}
