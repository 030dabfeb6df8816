import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

import type { Logger } from 'pino';

import type { Authenticator } from '../auth/authenticator.js';
import { checkSecurityConfig, securityWarnings } from '../auth/security-setup.js';
import type { User } from '../auth/users.js';
import type { CollectionDefinition } from '../config/collections-document.js';
import type { ServerConfig } from '../config/config.js';
import type { CollectionSet } from '../taxii/collection-set.js';

/** What a running server can change without a restart. */
export interface LiveState {
  collections: CollectionSet;
  authenticator: Authenticator;
}

/** Where a reload reads from: the same sources the server started from. */
export interface ReloadSources {
  /** The configuration as the file, the environment and the flags give it now. */
  config: () => Readonly<ServerConfig>;
  /** The collections document, read and checked again. */
  collections: () => CollectionDefinition[];
  /** Files whose changes trigger a reload (the configuration file, the collections document). */
  files: readonly string[];
}

/** How long a burst of file events is allowed to settle before one reload runs. */
export const WATCH_DEBOUNCE_MS = 250;

/**
 * The collections and the users, swappable while the server runs. A reload reads the
 * configuration and the collections document again, checks them as start-up does, and only
 * then replaces both at once; a reload that fails leaves the running ones untouched. Other
 * settings (port, store, TLS ...) take effect only after a restart, and a reload says so.
 */
export class LiveSettings {
  private current: LiveState;
  private queue: Promise<unknown> = Promise.resolve();
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    initial: LiveState,
    private readonly started: Readonly<ServerConfig>,
    private readonly build: (
      users: readonly User[],
      definitions: readonly CollectionDefinition[],
    ) => Promise<LiveState>,
    private readonly logger: Logger,
  ) {
    this.current = initial;
  }

  get collections(): CollectionSet {
    return this.current.collections;
  }

  get authenticator(): Authenticator {
    return this.current.authenticator;
  }

  /**
   * Reloads from the sources; resolves to whether the new settings are live. Reloads run one
   * at a time, in the order asked for.
   */
  reload(sources: ReloadSources, trigger: string): Promise<boolean> {
    const next = this.queue.then(() => this.reloadNow(sources, trigger));
    this.queue = next;
    return next;
  }

  /** Reloads when one of the source files changes, once its events have settled. */
  watch(sources: ReloadSources, debounceMs = WATCH_DEBOUNCE_MS): void {
    // Editors often save by writing a new file and renaming it over the old one, which ends
    // a watch on the file itself; the folder's watch sees every such save by name.
    const byFolder = new Map<string, Set<string>>();
    for (const file of sources.files) {
      const path = resolve(file);
      const names = byFolder.get(dirname(path)) ?? new Set<string>();
      names.add(basename(path));
      byFolder.set(dirname(path), names);
    }
    for (const [folder, names] of byFolder) {
      try {
        const watcher = watch(folder, { persistent: false }, (_event, name) => {
          if (name === null || !names.has(name.toString())) return;
          clearTimeout(this.timer);
          this.timer = setTimeout(() => {
            void this.reload(sources, `${join(folder, name.toString())} changed`);
          }, debounceMs);
        });
        watcher.on('error', (error) => {
          this.logger.warn({ err: error, folder }, 'stopped watching for configuration changes');
        });
        this.watchers.push(watcher);
      } catch (error) {
        this.logger.warn({ err: error, folder }, 'cannot watch for configuration changes');
      }
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
  }

  private async reloadNow(sources: ReloadSources, trigger: string): Promise<boolean> {
    let fresh: Readonly<ServerConfig>;
    let next: LiveState;
    let users: User[];
    try {
      fresh = sources.config();
      const definitions = sources.collections();
      const effective = { ...this.started, users: fresh.users };
      users = checkSecurityConfig(effective, definitions);
      next = await this.build(users, definitions);
    } catch (error) {
      this.logger.error(
        { trigger, problem: (error as Error).message },
        `refused the change, kept the running collections and users: ${(error as Error).message}`,
      );
      return false;
    }

    const before = new Map(this.current.collections.all.map((c) => [c.title, c]));
    const after = new Map(next.collections.all.map((c) => [c.title, c]));
    const added = [...after.keys()].filter((name) => !before.has(name));
    const removed = [...before.keys()].filter((name) => !after.has(name));
    const changed = [...after.values()]
      .filter((c) => {
        const old = before.get(c.title);
        return (
          old !== undefined &&
          JSON.stringify(old.access) + old.query + old.description !==
            JSON.stringify(c.access) + c.query + c.description
        );
      })
      .map((c) => c.title);
    this.current = next;
    this.logger.info(
      { trigger, collections: after.size, users: users.length, added, removed, changed },
      'reloaded the collections and users',
    );
    for (const warning of securityWarnings({ ...this.started, users: fresh.users }, users)) {
      this.logger.warn(warning);
    }
    const needRestart = Object.keys(fresh).filter(
      (key) =>
        key !== 'users' &&
        JSON.stringify(fresh[key as keyof ServerConfig]) !==
          JSON.stringify(this.started[key as keyof ServerConfig]),
    );
    if (needRestart.length > 0) {
      this.logger.warn(
        { settings: needRestart },
        'these settings changed but take effect only after a restart',
      );
    }
    return true;
  }
}
