// The cache step of a request: derives the key, looks it up (waiting on an identical request
// already in flight), and on a miss collects the upstream's answer to store it once complete.
// Streams are stored only when they ended properly and fit cache.max_entry.

import {
  builtinVaryHeaders,
  type CacheEntry,
  type CacheFill,
  cacheKey,
  cacheModeFor,
  isCacheableRequest,
  isCompleteStream,
  type ResponseCache,
  requestTtlMs,
  type StorableResponse,
} from "../cache/index.ts";
import type { Config } from "../config/index.ts";
import type { Balancer } from "../routing/index.ts";
import { concatBytes } from "../shared/index.ts";
import type { ChunkSink, Forwarded, StreamEnd } from "../upstream/index.ts";
import type { ClientBody } from "./request-body.ts";
import type { CacheStatus } from "./request-report.ts";
import type { RequestTarget } from "./request-target.ts";
import { upstreamModelOf } from "./upstream-model.ts";

export type RequestCache = {
  begin(input: CacheStepInput): Promise<CacheStep>;
};

export type CacheStepInput = {
  method: string;
  target: RequestTarget;
  headers: Headers;
  body: ClientBody;
  model: string | undefined;
  /** The caller's project; undefined with auth.mode none. */
  project: string | undefined;
  signal: AbortSignal;
};

export type CacheStep = {
  status: CacheStatus;
  /** The stored answer to send, on a hit. */
  hit: CacheEntry | undefined;
  /** Sees each chunk of a streamed answer; undefined when nothing will be stored. */
  tap: ChunkSink | undefined;
  /** The answer is over: store it when it is complete and fits. */
  finish(forwarded: Forwarded, end: StreamEnd): void;
  /** The request failed before an answer: store nothing, release any waiters. */
  abandon(): void;
};

export function createRequestCache(
  cache: ResponseCache,
  settings: Config["cache"],
  balancer: Balancer,
): RequestCache {
  const varyHeaders = [
    ...builtinVaryHeaders,
    ...settings.vary_headers.map((name) => name.toLowerCase()),
  ];
  return {
    async begin(input) {
      if (!isCacheableRequest(input.method, input.target.pathname)) return bypassStep;
      const providers = balancer.servingProviders(input.model);
      // nothing serves the model: routing answers with its 404
      if (providers.length === 0) return bypassStep;
      const ttlMs = requestTtlMs(input.headers, settings.ttl);
      const mode = cacheModeFor(input.headers);
      const model = input.model;
      const key = cacheKey({
        method: input.method,
        pathname: input.target.pathname,
        search: input.target.search,
        json: input.body.json,
        bytes: input.body.bytes,
        upstreamModels:
          model === undefined ? [] : providers.map((p) => upstreamModelOf(p.config, model)),
        headers: input.headers,
        varyHeaders,
        scope: settings.scope === "global" ? "global" : `project:${input.project ?? ""}`,
      });
      const lookup = await cache.lookup(key, mode, input.signal);
      if (lookup.kind === "hit") return { ...bypassStep, status: "hit", hit: lookup.entry };
      return fillingStep(lookup.kind, lookup.fill, ttlMs, settings.max_entry);
    },
  };
}

// --- internal ---

const bypassStep: CacheStep = {
  status: "bypass",
  hit: undefined,
  tap: undefined,
  finish: () => {},
  abandon: () => {},
};

function fillingStep(
  status: CacheStatus,
  fill: CacheFill,
  ttlMs: number,
  maxEntry: number,
): CacheStep {
  let chunks: Uint8Array[] = [];
  let size = 0;
  let tooLarge = false;
  return {
    status,
    hit: undefined,
    tap: {
      push(chunk) {
        if (tooLarge) return;
        size += chunk.byteLength;
        if (size > maxEntry) {
          tooLarge = true;
          chunks = [];
          // waiters need not sit through a stream that will not be stored
          fill.complete(undefined);
          return;
        }
        // chunks are never written to after they pass, so holding the same views is safe
        chunks.push(chunk);
      },
    },
    finish(forwarded, end) {
      // past max_entry the fill was completed (empty) as soon as the answer outgrew it
      if (!tooLarge) fill.complete(storableEntry(forwarded, end, chunks, maxEntry, ttlMs));
      chunks = [];
    },
    abandon: () => fill.complete(undefined),
  };
}

/** What to store for an answer: a complete 200 that fits, whole or as the stream it was. */
function storableEntry(
  forwarded: Forwarded,
  end: StreamEnd,
  chunks: Uint8Array[],
  maxEntry: number,
  ttlMs: number,
): StorableResponse | undefined {
  if (forwarded.status !== 200 || end.kind !== "complete") return undefined;
  const contentType = forwarded.headers.get("content-type");
  if (forwarded.body instanceof Uint8Array) {
    if (forwarded.body.byteLength > maxEntry) return undefined;
    const type = contentType ?? "application/json";
    return { status: 200, contentType: type, streamed: false, body: forwarded.body, ttlMs };
  }
  const body = concatBytes(chunks);
  if (forwarded.eventStream && !isCompleteStream(body)) return undefined;
  const type = contentType ?? (forwarded.eventStream ? "text/event-stream" : "application/json");
  return { status: 200, contentType: type, streamed: forwarded.eventStream, body, ttlMs };
}
