// The Redis backend (Bun's RedisClient): one cache for every proxy instance. It never makes a
// request wait on a sick server: no offline queue (commands fail at once while disconnected),
// every operation bounded by a timeout, and a fresh connect at most once per second while the
// connection is down, so it comes back by itself however long Redis was gone.

import { RedisClient } from "bun";
import type { Clock } from "../shared/index.ts";
import type { CacheBackend, CacheEntry } from "./types.ts";

export type RedisBackendOptions = {
  url: string;
  keyPrefix?: string;
  /** Longest wait for one Redis command before it counts as failed (default 250 ms). */
  operationTimeoutMs?: number;
  clock: Clock;
};

const reconnectEveryMs = 1_000;
const scanBatch = 500;

export function createRedisBackend(options: RedisBackendOptions): CacheBackend {
  const prefix = options.keyPrefix ?? "llm-proxy:cache:";
  const timeoutMs = options.operationTimeoutMs ?? 250;
  const client = new RedisClient(options.url, {
    enableOfflineQueue: false,
    connectionTimeout: 1_000,
    autoReconnect: true,
  });
  let lastConnectAt = Number.NEGATIVE_INFINITY;
  let connecting: Promise<void> | undefined;
  let closed = false;
  const connect = () => {
    if (closed || client.connected || connecting) return;
    const now = options.clock.monotonic();
    if (now - lastConnectAt < reconnectEveryMs) return;
    lastConnectAt = now;
    connecting = client
      .connect()
      .catch(() => {
        // still down: the next failed operation tries again
      })
      .finally(() => {
        connecting = undefined;
      });
  };
  const run = async <T>(operation: string, command: () => Promise<T>): Promise<T> => {
    connect();
    const attempt = async () => {
      // a connect in progress (at start, or after an outage) is worth waiting for
      if (connecting) await connecting;
      return await command();
    };
    try {
      return await withTimeout(
        attempt(),
        timeoutMs,
        `redis ${operation} took over ${timeoutMs} ms`,
      );
    } catch (error: unknown) {
      connect();
      throw error;
    }
  };
  connect();

  return {
    name: "redis",
    async get(key, now) {
      const value = await run("GET", () => client.getBuffer(prefix + key));
      if (value === null) return undefined;
      const entry = decodeEntry(value);
      return entry.expiresAt > now ? entry : undefined;
    },
    async set(key, entry) {
      const ttlMs = Math.floor(entry.expiresAt - options.clock.now());
      if (ttlMs <= 0) return;
      const value = encodeEntry(entry);
      // RedisClient sends a Uint8Array argument as binary; its types only name strings
      const args = [prefix + key, value as unknown as string, "PX", String(ttlMs)];
      await run("SET", () => client.send("SET", args));
    },
    async clear() {
      let cursor = "0";
      let removed = 0;
      do {
        const reply = (await run("SCAN", () =>
          client.send("SCAN", [
            cursor,
            "MATCH",
            `${escapeGlob(prefix)}*`,
            "COUNT",
            String(scanBatch),
          ]),
        )) as [string, string[]];
        cursor = reply[0];
        const keys = reply[1];
        if (keys.length > 0) {
          removed += Number(await run("DEL", () => client.send("DEL", keys)));
        }
      } while (cursor !== "0");
      return removed;
    },
    close() {
      closed = true;
      client.close();
    },
  };
}

// --- internal ---

type EntryHeader = Omit<CacheEntry, "body">;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One JSON line with the fields, then the body's bytes as they are. */
function encodeEntry(entry: CacheEntry): Uint8Array {
  const { body, ...fields } = entry;
  const header = encoder.encode(`${JSON.stringify(fields)}\n`);
  const value = new Uint8Array(header.byteLength + body.byteLength);
  value.set(header);
  value.set(body, header.byteLength);
  return value;
}

function decodeEntry(value: Uint8Array): CacheEntry {
  const newline = value.indexOf(0x0a);
  if (newline === -1) throw new Error("redis cache entry without its header line");
  const fields = JSON.parse(decoder.decode(value.subarray(0, newline))) as EntryHeader;
  return { ...fields, body: value.slice(newline + 1) };
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
