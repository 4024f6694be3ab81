// Which requests the cache may answer and store, what the client asked with cache-control, and
// how long an answer lives (cache.ttl, or x-llm-proxy-cache-ttl per request).

import { parseDurationMs } from "../config/index.ts";
import { ProxyError } from "../shared/index.ts";

/** read: a stored answer may be served; write: the upstream's answer may be stored. */
export type CacheMode = { read: boolean; write: boolean };

export const cacheTtlHeader = "x-llm-proxy-cache-ttl";

const cacheablePosts = new Set([
  "/v1/chat/completions",
  "/v1/completions",
  "/v1/embeddings",
  "/v1/messages",
]);

export function isCacheableRequest(method: string, pathname: string): boolean {
  if (method === "POST") return cacheablePosts.has(pathname);
  return method === "GET" && pathname === "/v1/models";
}

/** no-store skips the cache both ways; no-cache fetches a fresh answer and stores it. */
export function cacheModeFor(headers: Headers): CacheMode {
  const directives = `${headers.get("cache-control") ?? ""},${headers.get("pragma") ?? ""}`
    .toLowerCase()
    .split(",")
    .map((directive) => directive.trim());
  if (directives.includes("no-store")) return { read: false, write: false };
  if (directives.includes("no-cache")) return { read: false, write: true };
  return { read: true, write: true };
}

/** The request's TTL in ms; throws a 400 naming the header when its value is not a duration. */
export function requestTtlMs(headers: Headers, defaultTtlMs: number): number {
  const value = headers.get(cacheTtlHeader);
  if (value === null) return defaultTtlMs;
  const ms = parseDurationMs(value.trim());
  if (ms === undefined || ms < 0) {
    throw new ProxyError(
      "invalid_request",
      `${cacheTtlHeader}: expected a duration like 30s, 10m or 3600, got "${value}"`,
      { param: cacheTtlHeader },
    );
  }
  return ms;
}
