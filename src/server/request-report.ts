// Follows one proxied request and tells the event bus what happened: attempts, the response
// start, and exactly one response_finished with its usage, however the request ended.

import type { Caller } from "../auth/index.ts";
import {
  createStreamUsageTap,
  type EventBus,
  type Exchange,
  noUsage,
  type StreamUsageTap,
  type Usage,
  type UsageKind,
  usageFromBody,
  usageKindForPath,
} from "../observability/index.ts";
import { type Clock, isProxyError, redactText } from "../shared/index.ts";
import type { AttemptRecord, Forwarded, StreamEnd } from "../upstream/index.ts";

export type RequestReport = {
  /** Keep the raw exchange (for a trace when `traced`, else for debug logs), streams up to `maxBytes`. */
  capture(maxBytes: number, traced: boolean, requestHeaders: Headers): void;
  /** The path and query as the client sent them (the query is kept only for a trace). */
  setPath(pathname: string, search: string): void;
  setCaller(caller: Caller | undefined): void;
  setRequest(model: string | undefined, json: unknown, bytes: Uint8Array | null): void;
  setSession(sessionId: string | undefined): void;
  /** hit, miss or bypass; left null when the cache is off. */
  setCacheStatus(status: CacheStatus): void;
  /** Every streamed chunk, as it passes. */
  onChunk(chunk: Uint8Array): void;
  attempt(provider: string, attempt: number): void;
  /** The upstream answered; a stream's usage is read from the chunks onChunk sees from now on. */
  started(forwarded: Forwarded): void;
  finishedWithBody(forwarded: Forwarded): void;
  finishedStream(forwarded: Forwarded, end: StreamEnd): void;
  failed(status: number, error: unknown): void;
  /** Answered from the cache: no upstream, so no tokens spent. */
  finishedFromCache(status: number, headers: Headers, body: Uint8Array): void;
};

export type CacheStatus = "hit" | "miss" | "bypass";

export function createRequestReport(
  bus: EventBus,
  clock: Clock,
  requestId: string,
  method: string,
  startedAt: number,
): RequestReport {
  let path = "";
  let kind: UsageKind = "other";
  let caller: Caller | undefined;
  let model: string | undefined;
  let requestJson: unknown;
  let tap: StreamUsageTap | undefined;
  let sessionId: string | undefined;
  let cacheStatus: CacheStatus | null = null;
  let done = false;
  let captureLimit = 0;
  let exchange: Exchange | undefined;
  let captured = 0;

  const finish = (fields: {
    forwarded: Forwarded | undefined;
    status: number;
    usage: Usage;
    errorClass: string | null;
    attempts: readonly AttemptRecord[];
  }): void => {
    if (done) return;
    done = true;
    const { forwarded, attempts } = fields;
    const answeredBy = forwarded?.target.name ?? attempts.at(-1)?.provider ?? null;
    const at = clock.now();
    const modelServed = forwarded?.servedModel ?? null;
    if (exchange && forwarded) {
      exchange.response_headers = forwarded.headers;
      if (forwarded.body instanceof Uint8Array) exchange.response_body = forwarded.body;
    }
    bus.emit({
      ...(exchange ? { exchange } : {}),
      type: "response_finished",
      method,
      path,
      failed_attempts: attempts
        .slice(0, forwarded ? -1 : undefined)
        .map((attempt) => attempt.provider),
      record: {
        at,
        request_id: requestId,
        project: caller?.project.name ?? null,
        token_id: caller?.token.id ?? null,
        provider: answeredBy,
        model: model ?? null,
        model_served: modelServed,
        status: fields.status,
        attempts: attempts.length,
        ttfb_ms: forwarded ? round(forwarded.firstByteMs) : null,
        total_ms: round(performance.now() - startedAt),
        input_tokens: fields.usage.input_tokens,
        output_tokens: fields.usage.output_tokens,
        cached_tokens: fields.usage.cached_tokens,
        cache_read_tokens: fields.usage.cache_read_tokens,
        cache_write_tokens: fields.usage.cache_write_tokens,
        cost_usd: bus.costOf({
          ...fields.usage,
          at,
          provider: answeredBy,
          model: model ?? null,
          model_served: modelServed,
        }),
        estimated: fields.usage.estimated,
        cache_status: cacheStatus,
        session_id: sessionId ?? null,
        error_class: fields.errorClass,
      },
    });
  };

  const reportFailure = (status: number, errorClass: string, message: string): void => {
    bus.emit({
      type: "request_failed",
      request_id: requestId,
      status,
      error_class: errorClass,
      message: redactText(message),
    });
  };

  return {
    capture(maxBytes, traced, requestHeaders) {
      captureLimit = maxBytes;
      exchange = {
        traced,
        query: "",
        request_headers: requestHeaders,
        request_body: null,
        response_headers: null,
        response_body: null,
        stream_chunks: null,
        stream_truncated: false,
      };
    },
    setPath(pathname, search) {
      path = pathname;
      if (exchange) exchange.query = search;
      kind = usageKindForPath(pathname);
      bus.emit({ type: "request_received", request_id: requestId, method, path: pathname });
    },
    setCaller(value) {
      caller = value;
    },
    setRequest(value, json, bytes) {
      model = value;
      requestJson = json;
      if (exchange) {
        exchange.request_body = bytes;
      }
    },
    setSession(value) {
      sessionId = value;
    },
    setCacheStatus(value) {
      cacheStatus = value;
    },
    onChunk(chunk) {
      tap?.push(chunk);
      if (!exchange) return;
      exchange.stream_chunks ??= [];
      if (captured + chunk.byteLength > captureLimit) {
        exchange.stream_truncated = true;
        return;
      }
      captured += chunk.byteLength;
      // chunks are never written to after they pass, so holding the same views is safe
      exchange.stream_chunks.push(chunk);
    },
    attempt(provider, attempt) {
      bus.emit({ type: "attempt_started", request_id: requestId, provider, attempt });
    },
    started(forwarded) {
      bus.emit({
        type: "response_started",
        request_id: requestId,
        provider: forwarded.target.name,
        status: forwarded.status,
        ttfb_ms: forwarded.firstByteMs,
        streaming: forwarded.streaming,
      });
      if (forwarded.streaming && kind !== "other" && forwarded.status < 400) {
        tap = createStreamUsageTap(kind, requestJson);
      }
    },
    finishedWithBody(forwarded) {
      const body = forwarded.body instanceof Uint8Array ? forwarded.body : undefined;
      const usage =
        body && forwarded.status < 400 ? usageFromBody(kind, body, requestJson) : undefined;
      finish({
        forwarded,
        status: forwarded.status,
        usage: usage ?? noUsage,
        errorClass: forwarded.status >= 400 ? `upstream_${forwarded.status}` : null,
        attempts: forwarded.attempts,
      });
    },
    finishedStream(forwarded, end) {
      if (end.kind === "failed") {
        reportFailure(forwarded.status, end.error.code, end.error.message);
      }
      const errorClass =
        end.kind === "complete"
          ? null
          : end.kind === "cancelled"
            ? "client_closed"
            : end.error.code;
      finish({
        forwarded,
        status: forwarded.status,
        usage: tap?.finish() ?? noUsage,
        errorClass,
        attempts: forwarded.attempts,
      });
    },
    finishedFromCache(status, headers, body) {
      if (exchange) {
        exchange.response_headers = headers;
        exchange.response_body = body;
      }
      finish({ forwarded: undefined, status, usage: noUsage, errorClass: null, attempts: [] });
    },
    failed(status, error) {
      const code = isProxyError(error) ? error.code : "internal_error";
      reportFailure(status, code, isProxyError(error) ? error.message : "internal error");
      const details = isProxyError(error) ? error.details : undefined;
      finish({
        forwarded: undefined,
        status,
        usage: noUsage,
        errorClass: code,
        attempts: attemptsOf(details),
      });
    },
  };
}

// --- internal ---

function attemptsOf(details: unknown): readonly AttemptRecord[] {
  const attempts = (details as { attempts?: unknown } | undefined)?.attempts;
  return Array.isArray(attempts) ? (attempts as AttemptRecord[]) : [];
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
