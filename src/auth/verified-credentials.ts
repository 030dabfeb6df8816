import { createHmac, randomBytes } from 'node:crypto';

/**
 * Remembers, for a few minutes, Basic credentials that verified, so that a client paging
 * through a feed does not pay a slow password hash per page. Only successes are kept, so a
 * wrong password or an unknown user always costs a full hash. Entries are keyed by an HMAC
 * under a per-process key: the memory never holds a password, nor a digest an offline guesser
 * could test without that key.
 */
export class VerifiedCredentials {
  private readonly key = randomBytes(32);
  private readonly entries = new Map<string, { user: string; expires: number }>();

  constructor(
    private readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 10_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The user these credentials verified as, if they did so within the time to live. */
  lookup(user: string, password: string): string | undefined {
    const id = this.id(user, password);
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expires <= this.clock()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.user;
  }

  remember(user: string, password: string): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(this.id(user, password), { user, expires: this.clock() + this.ttlMs });
  }

  private id(user: string, password: string): string {
    const mac = createHmac('sha256', this.key);
    return mac.update(user).update('\0').update(password).digest('base64');
  }
}
