// The Redis backend (Bun's RedisClient): one cache shared by every proxy instance. A sick Redis
// never holds a request: no offline queue (commands fail at once while disconnected), every
// operation races a timeout, and while disconnected a failed operation starts a connect() (at
// most one a second), so the backend comes back by itself even after Bun's own reconnect attempts
// have given up.

import { RedisClient } from "bun";
import { type Clock, DeadlineError, withDeadline } from "../shared/index.ts";
import { toCacheEntry, toRedisValue } from "./redis-entry.ts";
import type { CacheBackend } from "./types.ts";

export type RedisBackendOptions = {
  /** redis://[user:password@]host:port[/db], or rediss:// for TLS. */
  url: string;
  /** Prepended to every key (default "llm-proxy:cache:"); clear() removes only these keys. */
  keyPrefix?: string;
  /** Longest wait for one Redis command before it counts as failed (default 250 ms). */
  operationTimeoutMs?: number;
  clock: Clock;
  /** A background connect failed: at most once a second while Redis is unreachable. */
  onError?: (error: Error) => void;
  /** Bun's own reconnect attempts after a drop (Bun's default, 20); 0 leaves it all to us. */
  maxRetries?: number;
};

const defaultKeyPrefix = "llm-proxy:cache:";
const defaultOperationTimeoutMs = 250;
const reconnectEveryMs = 1_000;
const connectionTimeoutMs = 2_000;
const scanCount = 500;

export function createRedisBackend(options: RedisBackendOptions): CacheBackend {
  const prefix = options.keyPrefix ?? defaultKeyPrefix;
  const timeoutMs = options.operationTimeoutMs ?? defaultOperationTimeoutMs;
  const client = new RedisClient(options.url, {
    enableOfflineQueue: false,
    autoReconnect: true,
    connectionTimeout: connectionTimeoutMs,
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  });
  const connection = keepConnected(client, options);

  const run = async <T>(operation: string, command: () => Promise<T>): Promise<T> => {
    try {
      const work = async (expired: () => boolean) => {
        await connection.firstConnect();
        if (expired()) throw new Error("gave up waiting for the first connection");
        return await command();
      };
      return await withDeadline(work, timeoutMs, operation);
    } catch (error: unknown) {
      connection.reconnect();
      if (error instanceof DeadlineError) {
        // the first connect is slow, so Redis is unreachable: from now on fail at once
        connection.stopWaitingForFirstConnect();
        throw new Error(`redis ${operation} timed out after ${timeoutMs} ms`, { cause: error });
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`redis ${operation} failed: ${reason}`, { cause: error });
    }
  };

  return {
    name: "redis",
    async get(key, now) {
      const value = await run("GET", () => client.getBuffer(prefix + key));
      if (value === null) return undefined;
      const entry = toCacheEntry(value);
      return entry.expiresAt > now ? entry : undefined;
    },
    async set(key, entry) {
      const ttlMs = Math.floor(entry.expiresAt - options.clock.now());
      if (ttlMs <= 0) return;
      await run("SET", () => client.set(prefix + key, toRedisValue(entry), "PX", ttlMs));
    },
    async clear() {
      // SCAN + DEL of our prefix only: the database may hold other applications' keys
      const pattern = `${escapeGlob(prefix)}*`;
      let cursor = "0";
      let removed = 0;
      do {
        const [next, keys] = await run("SCAN", () =>
          client.scan(cursor, "MATCH", pattern, "COUNT", scanCount),
        );
        cursor = next;
        if (keys.length > 0) removed += await run("DEL", () => client.del(...keys));
      } while (cursor !== "0");
      return removed;
    },
    close() {
      connection.close();
      client.close();
    },
  };
}

// --- internal ---

type ConnectionKeeper = {
  /** Resolves once the first connect has settled, or at once if nobody should wait for it. */
  firstConnect(): Promise<void>;
  stopWaitingForFirstConnect(): void;
  /** Starts a connect() unless connected, one is under way, or the last began under 1 s ago. */
  reconnect(): void;
  close(): void;
};

function keepConnected(client: RedisClient, options: RedisBackendOptions): ConnectionKeeper {
  let closed = false;
  let connecting: Promise<void> | undefined;
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  const reconnect = (): Promise<void> | undefined => {
    if (closed || client.connected || connecting) return connecting;
    const now = options.clock.monotonic();
    if (now - lastAttemptAt < reconnectEveryMs) return undefined;
    lastAttemptAt = now;
    connecting = client
      .connect()
      .catch((error: unknown) => {
        if (closed) return;
        const reason = error instanceof Error ? error.message : String(error);
        options.onError?.(new Error(`redis connect failed: ${reason}`, { cause: error }));
      })
      .finally(() => {
        connecting = undefined;
      });
    return connecting;
  };
  // Operations wait for the first connect (bounded by their timeout), so a fresh backend, such
  // as the CLI's for `cache clear`, works at once; once it has settled nobody waits again.
  let first = reconnect();
  void first?.then(() => {
    first = undefined;
  });
  return {
    firstConnect: async () => first,
    stopWaitingForFirstConnect() {
      first = undefined;
    },
    reconnect() {
      void reconnect();
    },
    close() {
      closed = true;
      first = undefined;
    },
  };
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}
