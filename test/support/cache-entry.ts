// Cache entries for the backend tests: a fixed store time, a body from text or bytes.

import type { CacheEntry } from "../../src/cache/index.ts";

/** When every test entry was stored (epoch ms). */
export const entryTime = 1_000_000;

/** Every byte value, including ones that are never valid UTF-8, so lossy text handling shows. */
export const everyByte = Uint8Array.from({ length: 256 }, (_, index) => index);

export function cacheEntry(
  body: Uint8Array | string,
  ttlMs = 60_000,
  storedAt = entryTime,
): CacheEntry {
  return {
    status: 200,
    contentType: "application/json",
    streamed: false,
    body: typeof body === "string" ? new TextEncoder().encode(body) : body,
    storedAt,
    expiresAt: storedAt + ttlMs,
  };
}
