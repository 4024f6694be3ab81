// Builds the configured backend: the storage file's sqlite, this process's memory, or Redis.

import type { Database } from "bun:sqlite";
import type { Config } from "../config/index.ts";
import type { Clock } from "../shared/index.ts";
import { createCacheEntryRepository } from "../store/index.ts";
import { createMemoryBackend } from "./memory-backend.ts";
import { createRedisBackend } from "./redis-backend.ts";
import { createSqliteBackend } from "./sqlite-backend.ts";
import type { CacheBackend } from "./types.ts";

export type BackendDeps = {
  /** The store's database, for backend sqlite. */
  db: Database | undefined;
  clock: Clock;
  /** Redis: a background reconnect failed (at most once a second while Redis is away). */
  onConnectError?: (error: Error) => void;
};

export function createCacheBackend(settings: Config["cache"], deps: BackendDeps): CacheBackend {
  switch (settings.backend) {
    case "memory":
      return createMemoryBackend({ maxBytes: settings.max_size });
    case "redis":
      if (!settings.url) throw new Error("cache.url: required for backend redis");
      return createRedisBackend({
        url: settings.url,
        keyPrefix: settings.key_prefix,
        clock: deps.clock,
        ...(deps.onConnectError ? { onError: deps.onConnectError } : {}),
      });
    case "sqlite":
      if (!deps.db) throw new Error("cache backend sqlite needs the store (storage.path)");
      return createSqliteBackend({
        repository: createCacheEntryRepository(deps.db),
        clock: deps.clock,
      });
  }
}
