import type { Logger } from 'pino';

import type { Principal } from '../auth/principal.js';
import type { ServerConfig } from '../config/config.js';
import type { IndicatorStore } from '../store/store.js';
import type { StixRenderer } from '../stix/rendered.js';
import type { CollectionSet } from './collection-set.js';
import type { CursorCodec } from './cursor.js';
import type { RangePositions } from './v20/range-positions.js';
import type { WriteQueue } from './write-queue.js';

/** What every TAXII handler may use; built once at start and shared by all requests. */
export interface TaxiiService {
  config: Readonly<ServerConfig>;
  store: IndicatorStore;
  collections: CollectionSet;
  renderer: StixRenderer;
  cursors: CursorCodec;
  /** Where TAXII 2.0 ranges start, remembered per process (v20/range-positions.ts). */
  ranges: RangePositions;
  /** Finishes add requests to writable collections. */
  writes: WriteQueue;
  /** Millisecond clock. */
  clock: () => number;
}

/** What one request carries besides its parameters. */
export interface RequestContext {
  log: Logger;
  /** Who is asking, as authentication established it; collections are filtered by it. */
  principal: Principal;
  /** Absolute URL of the server's root as the client sees it, without a trailing slash. */
  baseUrl: string;
  /** Request time in microseconds: one value for the whole request. */
  now: number;
  /**
   * Tells the request log and the metrics which operation (and collection) the request was
   * routed to, before its handler runs, so that a request that fails is still counted under it.
   */
  routed?: (operation: string, collection: string | undefined) => void;
}

/** A handler's answer: the status, extra headers, and the JSON body as text. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string;
  /** For the request log: objects served, the operation and the collection it served. */
  objects?: number;
  operation?: string;
  collection?: string;
}

export function jsonReply(body: unknown, status = 200): Reply {
  return { status, body: JSON.stringify(body) };
}
