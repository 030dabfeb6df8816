/** The server set-up every load run shares: one API-key user and limits sized for the pollers. */
import { newApiKey } from '../../../src/auth/api-key.js';

export interface LoadSetup {
  apiKey: string;
  /** The configuration file's content. */
  config: Record<string, unknown>;
}

/**
 * A configuration with one user, `poller`, signing in by API key. Requests in flight may reach
 * twice the pollers (the default cap of 128 would answer 503 by design), and failed sign-ins
 * are not throttled, since every poller shares the loopback address.
 */
export function loadSetup(pollers: number): LoadSetup {
  const { key, digest } = newApiKey();
  return {
    apiKey: key,
    config: {
      users: { poller: { apiKeys: [digest] } },
      limits: { maxConcurrentRequests: Math.max(128, pollers * 2), authFailures: null },
    },
  };
}
