// The response cache in front of a backend: a failing backend is a miss (reported once when it
// starts failing and once when it recovers), and identical concurrent misses are coalesced so
// only the first goes upstream while the others wait for its answer.

import { type Clock, ProxyError } from "../shared/index.ts";
import type { CacheMode } from "./cache-policy.ts";
import type { CacheBackend, CacheEntry } from "./types.ts";

export type StorableResponse = {
  status: number;
  contentType: string;
  streamed: boolean;
  body: Uint8Array;
  ttlMs: number;
};

/** Must be completed exactly once: with the answer to store, or undefined when there is none. */
export type CacheFill = { complete(response: StorableResponse | undefined): void };

export type CacheLookup =
  | { kind: "hit"; entry: CacheEntry }
  | { kind: "miss"; fill: CacheFill }
  /** The client asked not to read (no-cache) or not to use the cache at all (no-store). */
  | { kind: "bypass"; fill: CacheFill };

export type CacheOperation = "get" | "set" | "clear";

export type ResponseCacheOptions = {
  backend: CacheBackend;
  clock: Clock;
  /** Every failed backend operation (for a metric). */
  onFailure(operation: CacheOperation, error: unknown): void;
  /** Once when the backend starts failing, once when it works again (for the log). */
  onHealthChange(healthy: boolean, detail: string): void;
};

export type ResponseCache = {
  backend: CacheBackend["name"];
  /** Rejects (client_closed) only when `signal` aborts while waiting for a coalesced answer. */
  lookup(key: string, mode: CacheMode, signal: AbortSignal): Promise<CacheLookup>;
  clear(): Promise<number>;
  close(): void;
};

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const { backend, clock } = options;
  const inFlight = new Map<string, Promise<CacheEntry | undefined>>();
  let healthy = true;

  const succeeded = () => {
    if (healthy) return;
    healthy = true;
    options.onHealthChange(true, `cache backend ${backend.name} works again`);
  };
  const failed = (operation: CacheOperation, error: unknown) => {
    options.onFailure(operation, error);
    if (!healthy) return;
    healthy = false;
    const reason = error instanceof Error ? error.message : String(error);
    options.onHealthChange(
      false,
      `cache backend ${backend.name} failed (${operation}: ${reason}); serving misses until it recovers`,
    );
  };
  const read = async (key: string): Promise<CacheEntry | undefined> => {
    try {
      const entry = await backend.get(key, clock.now());
      succeeded();
      return entry;
    } catch (error: unknown) {
      failed("get", error);
      return undefined;
    }
  };
  const write = (key: string, response: StorableResponse | undefined): CacheEntry | undefined => {
    if (response === undefined || response.ttlMs <= 0) return undefined;
    const storedAt = clock.now();
    const entry: CacheEntry = {
      status: response.status,
      contentType: response.contentType,
      streamed: response.streamed,
      body: response.body,
      storedAt,
      expiresAt: storedAt + response.ttlMs,
    };
    backend.set(key, entry).then(succeeded, (error: unknown) => failed("set", error));
    return entry;
  };
  const storeOnly = (key: string, mode: CacheMode): CacheFill => ({
    complete: (response) => {
      if (mode.write) write(key, response);
    },
  });

  return {
    backend: backend.name,
    async lookup(key, mode, signal) {
      if (!mode.read) return { kind: "bypass", fill: storeOnly(key, mode) };
      const pending = inFlight.get(key);
      if (pending) {
        const entry = await untilAborted(pending, signal);
        return entry ? { kind: "hit", entry } : { kind: "miss", fill: storeOnly(key, mode) };
      }
      // registered before the first await, so every identical request arriving now waits on it
      let settle: (entry: CacheEntry | undefined) => void = () => {};
      inFlight.set(
        key,
        new Promise((resolve) => {
          settle = resolve;
        }),
      );
      const release = (entry: CacheEntry | undefined) => {
        inFlight.delete(key);
        settle(entry);
      };
      const stored = await read(key);
      if (stored) {
        release(stored);
        return { kind: "hit", entry: stored };
      }
      let completed = false;
      return {
        kind: "miss",
        fill: {
          complete(response) {
            if (completed) return;
            completed = true;
            release(write(key, response));
          },
        },
      };
    },
    async clear() {
      try {
        const removed = await backend.clear();
        succeeded();
        return removed;
      } catch (error: unknown) {
        failed("clear", error);
        throw error;
      }
    },
    close: () => backend.close(),
  };
}

// --- internal ---

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  const gone = () =>
    new ProxyError("client_closed", "client went away while an identical request was answered");
  if (signal.aborted) return Promise.reject(gone());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(gone());
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
