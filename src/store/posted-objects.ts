/**
 * What the stores keep for writable collections: the STIX objects clients post, byte for byte,
 * and the status of each add request (TAXII 2.1 sections 4.3 and 5.5).
 *
 * An add request is acknowledged by writing its status and every object it brought, pending,
 * in one transaction. Pending objects then move into the collection a chunk at a time, each
 * chunk one transaction that also settles their outcome, so a crash between chunks leaves the
 * rest pending for any process to finish, and no object is added twice.
 *
 * The same chunk transaction turns the objects it adds into indicators (PostedIndexing), so
 * query-defined collections serve what clients post. A writable collection itself serves only
 * its posted objects, and a query-defined one only indicators: no collection serves an object
 * both as posted and as converted.
 */
import type { IndicatorInput } from '../indicators/indicator.js';
import type { StixRenderer } from '../stix/rendered.js';
import type { PostedBatch } from './posted-dump.js';
import type { ObjectPage, PagePosition } from './store.js';

/** One object of an add request, checked and ready to store. */
export interface PostedObjectInput {
  id: string;
  type: string;
  specVersion: string;
  /** The version as served: `modified`, else `created`; null for objects with neither. */
  version: string | null;
  /** The version in microseconds; 0 for objects with neither date, which have one version. */
  versionMicros: number;
  json: string;
}

/** An object of an add request that was refused before it was stored. */
export interface RefusedObject {
  id: string;
  version: string | null;
  message: string;
}

/** One object's outcome in a status resource. */
export interface StatusDetail {
  id: string;
  version: string | null;
  message?: string;
}

export interface WriteStatus {
  id: string;
  collection: string;
  /** Microseconds since the epoch. */
  requestTimestamp: number;
  total: number;
  successes: StatusDetail[];
  failures: StatusDetail[];
  pendings: StatusDetail[];
}

/** What one page of a writable collection selects (TAXII 2.1 section 3.5). */
export interface PostedFilter {
  collection: string;
  addedAfter?: number | undefined;
  types?: readonly string[] | undefined;
  ids?: readonly string[] | undefined;
  /** `match[spec_version]`; absent means each object's newest spec version. */
  specVersions?: readonly string[] | undefined;
  /** Which versions of each object: exact versions (microseconds) and the keywords. */
  versions: VersionSelection;
  after?: PagePosition | undefined;
  limit: number;
  offset?: number | undefined;
  withJson: boolean;
}

export interface VersionSelection {
  exact: readonly number[];
  first: boolean;
  last: boolean;
  all: boolean;
}

/** The stores' side of writable collections. */
export interface PostedObjectStore {
  /** Writes a status and its objects, pending, and the refused objects as failures. */
  acceptObjects(
    status: { id: string; collection: string; requestTimestamp: number; expires: number },
    objects: readonly PostedObjectInput[],
    refused: readonly RefusedObject[],
  ): Promise<void>;

  /**
   * Adds up to `limit` pending objects of a status to its collection, settling each as a
   * success (added, or already there as posted) or a failure; resolves to how many remain.
   * With `indexing`, the objects added that are now their id's newest version in the
   * collection become indicators in the same transaction.
   */
  processPending(statusId: string, limit: number, indexing?: PostedIndexing): Promise<number>;

  /** Ids of the statuses that still have pending objects, oldest first. */
  unfinishedStatuses(): Promise<string[]>;

  readStatus(statusId: string): Promise<WriteStatus | null>;

  /** Removes statuses whose time has passed, with their outcomes; resolves to how many. */
  expireStatuses(now: number): Promise<number>;

  pagePosted(filter: PostedFilter): Promise<ObjectPage>;

  /**
   * Deletes the versions of one object that the selection names (all of them for `all`, in
   * the newest spec version unless `specVersions` names others); resolves to how many versions
   * were deleted.
   */
  deletePosted(
    collection: string,
    objectId: string,
    selection: { specVersions?: readonly string[] | undefined; versions: VersionSelection },
  ): Promise<number>;

  countPosted(
    filter: Omit<PostedFilter, 'after' | 'offset' | 'limit' | 'withJson'>,
  ): Promise<number>;

  /** Every row of the writable collections' tables, for `migrate-store` (see posted-dump.ts). */
  dumpPosted(limit: number): AsyncIterable<PostedBatch>;
}

/** Why an object the collection already holds under the same id and version is not replaced. */
export const CONFLICTING_VERSION =
  'the collection already holds a different object with this id and version';

/** A STIX object as parsed from its posted JSON. */
export type StixObject = Record<string, unknown>;

/** An indicator a posted object becomes; `scored` when the object gives a verdict of its own. */
export interface PostedIndicator {
  indicator: IndicatorInput;
  scored: boolean;
}

/**
 * How a chunk turns the objects it adds into indicators. The store reads what the conversion
 * asks for (the newest version of each referenced object, the stored indicators), and writes
 * the indicators with these renderers, all in the chunk's transaction.
 */
export interface PostedIndexing {
  readonly renderers: readonly StixRenderer[];
  /** The ids, besides their own, whose objects the conversion of `objects` reads. */
  references(objects: readonly StixObject[]): string[];
  /** The indicators `objects` become; `known` are the collection's referenced objects. */
  indicators(
    collection: string,
    objects: readonly StixObject[],
    known: readonly StixObject[],
  ): PostedIndicator[];
  /** The indicator to write: the posted one folded into the stored one, if any. */
  merge(posted: PostedIndicator, stored: IndicatorInput | null): IndicatorInput;
}
