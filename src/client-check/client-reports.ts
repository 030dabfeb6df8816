import type { Deviation } from './request-rules.js';

/** How much the checker remembers, so that no client can make it grow without bound. */
const MAX_CLIENTS = 1_000;
const MAX_DEVIATIONS_PER_CLIENT = 200;
const MAX_CURSORS_PER_CLIENT = 1_000;

export interface DeviationEntry extends Deviation {
  count: number;
  first_seen: string;
  last_seen: string;
  /** The last request that showed it: method and URL as sent. */
  example: string;
}

export interface ClientReport {
  client: string;
  requests: number;
  requests_with_deviations: number;
  deviations: DeviationEntry[];
}

/** Where a `next` came from: the objects URL it pages and the filters it was issued with. */
interface IssuedCursor {
  resource: string;
  filters: string;
}

interface ClientState {
  requests: number;
  deviating: number;
  deviations: Map<string, DeviationEntry>;
  cursors: Map<string, IssuedCursor>;
}

/**
 * Each client's deviations, counted by rule and detail, and the `next` values the server has
 * issued to it, so that a later request can be held to the filters the cursor was issued for.
 * Kept in this process's memory only.
 */
export class ClientReports {
  private readonly clients = new Map<string, ClientState>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** The paging discipline of a 2.1 request that carries `next`. */
  cursorDeviations(client: string, next: string, resource: string, filters: string): Deviation[] {
    const issued = this.state(client).cursors.get(next);
    if (!issued) {
      return [
        {
          rule: 'paging',
          detail:
            'next was not issued to this client by this server process (an old page, or one ' +
            'fetched by another client or process)',
        },
      ];
    }
    if (issued.resource !== resource) {
      return [{ rule: 'paging', detail: `next was issued for ${issued.resource}` }];
    }
    if (issued.filters !== filters) {
      return [
        {
          rule: 'paging',
          detail: `next was issued for ${shown(issued.filters)} and sent with ${shown(filters)}; send the same filters with every page`,
        },
      ];
    }
    return [];
  }

  issued(client: string, next: string, resource: string, filters: string): void {
    const { cursors } = this.state(client);
    if (cursors.size >= MAX_CURSORS_PER_CLIENT) cursors.delete(cursors.keys().next().value!);
    cursors.set(next, { resource, filters });
  }

  record(client: string, example: string, deviations: readonly Deviation[]): void {
    const state = this.state(client);
    state.requests += 1;
    if (deviations.length > 0) state.deviating += 1;
    const now = new Date(this.clock()).toISOString();
    for (const deviation of deviations) {
      const key = `${deviation.rule}\n${deviation.detail}`;
      const entry = state.deviations.get(key);
      if (entry) {
        entry.count += 1;
        entry.last_seen = now;
        entry.example = example;
      } else if (state.deviations.size < MAX_DEVIATIONS_PER_CLIENT) {
        state.deviations.set(key, {
          ...deviation,
          count: 1,
          first_seen: now,
          last_seen: now,
          example,
        });
      }
    }
  }

  report(client: string): ClientReport {
    const state = this.clients.get(client);
    return {
      client,
      requests: state?.requests ?? 0,
      requests_with_deviations: state?.deviating ?? 0,
      deviations: [...(state?.deviations.values() ?? [])].map((entry) => ({ ...entry })),
    };
  }

  private state(client: string): ClientState {
    let state = this.clients.get(client);
    if (!state) {
      // The longest-unseen client goes first when the table is full.
      if (this.clients.size >= MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
      state = { requests: 0, deviating: 0, deviations: new Map(), cursors: new Map() };
    } else {
      this.clients.delete(client);
    }
    this.clients.set(client, state);
    return state;
  }
}

function shown(filters: string): string {
  return filters === '' ? 'no filters' : `"${filters}"`;
}
