// The sqlite backend: entries in the storage file, shared with the CLI (`cache clear`), expired
// rows deleted on a timer.

import type { Clock } from "../shared/index.ts";
import type { CacheEntryRepository } from "../store/index.ts";
import type { CacheBackend } from "./types.ts";

export type SqliteBackendOptions = {
  repository: CacheEntryRepository;
  clock: Clock;
  /** How often expired rows are deleted (default 10 min); reads skip them meanwhile. */
  pruneIntervalMs?: number;
};

const defaultPruneIntervalMs = 10 * 60_000;

export function createSqliteBackend(options: SqliteBackendOptions): CacheBackend {
  const { repository, clock } = options;
  const pruneTimer = setInterval(() => {
    try {
      repository.deleteExpired(clock.now());
    } catch {
      // a busy or read-only file: the next round tries again, and reads skip expired rows anyway
    }
  }, options.pruneIntervalMs ?? defaultPruneIntervalMs);
  pruneTimer.unref();
  return {
    name: "sqlite",
    get: async (key, now) => repository.get(key, now),
    set: async (key, entry) => repository.put(key, entry),
    clear: async () => repository.clear(),
    close: () => clearInterval(pruneTimer),
  };
}
