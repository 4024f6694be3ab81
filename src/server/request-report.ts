// Follows one proxied request and tells the event bus what happened: attempts, the response
// start, and exactly one response_finished with its usage, however the request ended.

import {
  createStreamUsageTap,
  type Exchange,
  noUsage,
  type StreamUsageTap,
  type Usage,
  usageFromBody,
  usageKindForPath,
} from "../observability/index.ts";
import { type ByteBudget, isProxyError, redactText } from "../shared/index.ts";
import type { UsageRecord } from "../store/index.ts";
import type {
  AnswerStart,
  AttemptRecord,
  Forwarded,
  StreamEnd,
  StreamTaps,
} from "../upstream/index.ts";
import {
  type CacheStatus,
  type ReportContext,
  type RequestFacts,
  toRecord,
} from "./usage-record.ts";

export type { CacheStatus, ReportContext, RequestFacts };

export type RequestReport = {
  facts: RequestFacts;
  /** Keep the raw exchange (for a trace when `traced`, else for debug logs), up to `maxBytes`. */
  capture(maxBytes: number, traced: boolean, requestHeaders: Headers, query: string): void;
  setRequest(model: string | undefined, json: unknown, bytes: Uint8Array | null): void;
  /** Whether a trace or debug log keeps this exchange. */
  capturing(): boolean;
  /** What sees a streamed answer: the upstream's chunks for usage, the client's for a trace. */
  tapFor(answer: AnswerStart): StreamTaps;
  attempt(provider: string, attempt: number): void;
  /** The upstream answered. */
  started(forwarded: Forwarded): void;
  /** The answer is over (forwarded.ended): the one finish of an answered request. */
  finished(forwarded: Forwarded, end: StreamEnd): UsageRecord;
  failed(status: number, error: unknown): UsageRecord;
  /** Answered from the cache: no upstream, so no tokens spent. */
  finishedFromCache(status: number, headers: Headers, body: Uint8Array): UsageRecord;
};

export function createRequestReport(
  context: ReportContext,
  requestId: string,
  method: string,
  path: string,
  startedAt: number,
): RequestReport {
  const { bus } = context;
  const facts: RequestFacts = {
    requestId,
    method,
    path,
    startedAt,
    kind: usageKindForPath(path),
    caller: undefined,
    model: undefined,
    requestJson: undefined,
    sessionId: undefined,
    cacheStatus: null,
  };
  let tap: StreamUsageTap | undefined;
  let exchange: Exchange | undefined;
  // made only for a request that is traced or logged with its bodies
  let capture: ChunkCapture | undefined;
  if (bus.listens("request_received")) {
    bus.emit({ type: "request_received", request_id: requestId, method, path });
  }

  const finish = (
    forwarded: Forwarded | undefined,
    status: number,
    usage: Usage,
    errorClass: string | null,
    attempts: readonly AttemptRecord[],
  ) => {
    if (exchange && capture && forwarded) {
      exchange.response_headers = forwarded.headers;
      if (forwarded.body instanceof Uint8Array) exchange.response_body = forwarded.body;
      else exchange.stream_chunks = capture.chunks;
      exchange.stream_truncated = capture.truncated();
    }
    const record = toRecord(context, facts, { forwarded, status, usage, errorClass, attempts });
    // the captured bytes stay lent to the observers until every one of them has seen them
    const held = capture;
    bus.emit(
      {
        type: "response_finished",
        method,
        path,
        failed_attempts: failedProviders(attempts, forwarded !== undefined),
        record,
        ...(exchange ? { exchange } : {}),
      },
      held && (() => held.release()),
    );
    return record;
  };
  const reportFailure = (status: number, errorClass: string, message: string) => {
    if (!bus.listens("request_failed")) return;
    const event = {
      type: "request_failed" as const,
      request_id: requestId,
      status,
      error_class: errorClass,
    };
    bus.emit({ ...event, message: redactText(message) });
  };

  return {
    facts,
    capture(maxBytes, traced, requestHeaders, query) {
      capture = createChunkCapture(context.captureBudget, maxBytes);
      exchange = {
        traced,
        query,
        request_headers: requestHeaders,
        request_body: null,
        response_headers: null,
        response_body: null,
        stream_chunks: null,
        stream_truncated: false,
      };
    },
    capturing: () => exchange !== undefined,
    setRequest(model, json, bytes) {
      facts.model = model;
      facts.requestJson = json;
      if (exchange) exchange.request_body = bytes;
    },
    tapFor(answer) {
      // the usage as the upstream reported it: read in the dialect it was asked in
      const kind =
        answer.upstreamPath === path ? facts.kind : usageKindForPath(answer.upstreamPath);
      if (kind !== "other" && answer.status < 400) {
        tap = createStreamUsageTap(kind, facts.requestJson, answer.eventStream);
      }
      const usage = tap;
      return {
        upstream: usage && ((chunk) => usage.push(chunk)),
        client: capture?.push,
      };
    },
    attempt(provider, attempt) {
      if (bus.listens("attempt_started")) {
        bus.emit({ type: "attempt_started", request_id: requestId, provider, attempt });
      }
    },
    started(forwarded) {
      if (bus.listens("response_started")) {
        bus.emit({
          type: "response_started",
          request_id: requestId,
          provider: forwarded.target.name,
          status: forwarded.status,
          ttfb_ms: forwarded.firstByteMs,
          streaming: forwarded.streaming,
        });
      }
    },
    finished(forwarded, end) {
      if (end.error) reportFailure(forwarded.status, end.error.code, end.error.message);
      const usage = usageOf(forwarded, tap, facts);
      return finish(
        forwarded,
        forwarded.status,
        usage,
        errorClassOf(forwarded, end),
        forwarded.attempts,
      );
    },
    finishedFromCache(status, headers, body) {
      if (exchange) {
        exchange.response_headers = headers;
        exchange.response_body = body;
      }
      return finish(undefined, status, noUsage, null, []);
    },
    failed(status, error) {
      const code = isProxyError(error) ? error.code : "internal_error";
      reportFailure(status, code, isProxyError(error) ? error.message : "internal error");
      const details = isProxyError(error) ? error.details : undefined;
      return finish(undefined, status, noUsage, code, attemptsOf(details));
    },
  };
}

// --- internal ---

function usageOf(
  forwarded: Forwarded,
  tap: StreamUsageTap | undefined,
  facts: RequestFacts,
): Usage {
  if (forwarded.status >= 400) return noUsage;
  if (forwarded.body instanceof Uint8Array) {
    return usageFromBody(facts.kind, forwarded.body, facts.requestJson) ?? noUsage;
  }
  return tap?.finish() ?? noUsage;
}

function errorClassOf(forwarded: Forwarded, end: StreamEnd): string | null {
  if (forwarded.status >= 400) return `upstream_${forwarded.status}`;
  if (end.kind === "complete") return null;
  if (end.kind === "client_abort") return "client_closed";
  return end.error?.code ?? end.kind;
}

function failedProviders(attempts: readonly AttemptRecord[], answered: boolean): string[] {
  const failed = answered ? attempts.length - 1 : attempts.length;
  const names: string[] = [];
  for (let i = 0; i < failed; i++) names.push((attempts[i] as AttemptRecord).provider);
  return names;
}

function attemptsOf(details: unknown): readonly AttemptRecord[] {
  const attempts = (details as { attempts?: unknown } | undefined)?.attempts;
  return Array.isArray(attempts) ? (attempts as AttemptRecord[]) : [];
}

type ChunkCapture = {
  push: (chunk: Uint8Array) => void;
  chunks: Uint8Array[];
  truncated(): boolean;
  /** Gives the held bytes back to the shared budget once the trace has been made. */
  release(): void;
};

function createChunkCapture(budget: ByteBudget, maxBytes: number): ChunkCapture {
  let held = 0;
  let cut = false;
  const chunks: Uint8Array[] = [];
  return {
    push: (chunk) => {
      if (cut) return;
      const size = chunk.byteLength;
      if (held + size > maxBytes || !budget.take(size)) {
        cut = true;
        return;
      }
      held += size;
      // chunks are never written to after they pass, so holding the same views is safe
      chunks.push(chunk);
    },
    chunks,
    truncated: () => cut,
    release() {
      budget.give(held);
      held = 0;
      chunks.length = 0;
    },
  };
}
