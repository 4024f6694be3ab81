// The response cache contract: what a backend stores and how the proxy talks to one.

import type { StoredCacheEntry } from "../store/index.ts";

/** One cached response: a whole JSON body, or a complete SSE stream's raw bytes (`streamed`). */
export type CacheEntry = StoredCacheEntry;

export type CacheBackendName = "sqlite" | "memory" | "redis";

/**
 * A place to keep entries. Methods may throw or reject (Redis down, disk full); the response
 * cache turns every failure into a miss, so a backend never has to hide one.
 */
export type CacheBackend = {
  name: CacheBackendName;
  /** The entry for `key`, or undefined when absent or expired at `now`. */
  get(key: string, now: number): Promise<CacheEntry | undefined>;
  /** Stores `entry` under `key` until entry.expiresAt. */
  set(key: string, entry: CacheEntry): Promise<void>;
  /** Removes every entry; resolves with how many were removed. */
  clear(): Promise<number>;
  close(): void;
};
