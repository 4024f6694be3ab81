// The response cache: key derivation, request policy, coalescing, and the sqlite / memory / redis
// backends.

export { builtinVaryHeaders, type CacheKeyInput, cacheKey } from "./cache-key.ts";
export {
  type CacheMode,
  cacheModeFor,
  cacheTtlHeader,
  isCacheableRequest,
  requestTtlMs,
} from "./cache-policy.ts";
export { canonicalJson } from "./canonical-json.ts";
export { type BackendDeps, createCacheBackend } from "./create-backend.ts";
export {
  type CacheFill,
  type CacheLookup,
  type CacheOperation,
  createResponseCache,
  type ResponseCache,
  type ResponseCacheOptions,
  type StorableResponse,
} from "./response-cache.ts";
export { isCompleteStream, splitSseEvents } from "./sse-replay.ts";
export type { CacheBackend, CacheBackendName, CacheEntry } from "./types.ts";
