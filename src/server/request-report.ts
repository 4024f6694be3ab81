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

/**
 * A class, not a closure per method: one is made for every request, and ten closures with their
 * shared scope were a fifth of what a request allocates on the core path.
 */
export function createRequestReport(
  context: ReportContext,
  requestId: string,
  method: string,
  path: string,
  startedAt: number,
): RequestReport {
  return new Report(context, requestId, method, path, startedAt);
}

class Report implements RequestReport {
  readonly facts: RequestFacts;
  private tap: StreamUsageTap | undefined;
  private exchange: Exchange | undefined;
  // made only for a request that is traced or logged with its bodies
  private chunkCapture: ChunkCapture | undefined;

  constructor(
    private readonly context: ReportContext,
    requestId: string,
    method: string,
    path: string,
    startedAt: number,
  ) {
    this.facts = {
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
    const { bus } = context;
    if (bus.listens("request_received")) {
      bus.emit({ type: "request_received", request_id: requestId, method, path });
    }
  }

  capture(maxBytes: number, traced: boolean, requestHeaders: Headers, query: string): void {
    this.chunkCapture = new ChunkCapture(this.context.captureBudget, maxBytes);
    this.exchange = {
      traced,
      query,
      request_headers: requestHeaders,
      request_body: null,
      response_headers: null,
      response_body: null,
      stream_chunks: null,
      stream_truncated: false,
    };
  }

  capturing(): boolean {
    return this.exchange !== undefined;
  }

  setRequest(model: string | undefined, json: unknown, bytes: Uint8Array | null): void {
    this.facts.model = model;
    this.facts.requestJson = json;
    if (this.exchange) this.exchange.request_body = bytes;
  }

  tapFor(answer: AnswerStart): StreamTaps {
    const { facts } = this;
    // the usage as the upstream reported it: read in the dialect it was asked in
    const kind =
      answer.upstreamPath === facts.path ? facts.kind : usageKindForPath(answer.upstreamPath);
    if (kind !== "other" && answer.status < 400) {
      this.tap = createStreamUsageTap(kind, facts.requestJson, answer.eventStream);
    }
    return { upstream: this.tap, client: this.chunkCapture };
  }

  attempt(provider: string, attempt: number): void {
    const { bus } = this.context;
    if (bus.listens("attempt_started")) {
      bus.emit({ type: "attempt_started", request_id: this.facts.requestId, provider, attempt });
    }
  }

  started(forwarded: Forwarded): void {
    const { bus } = this.context;
    if (bus.listens("response_started")) {
      bus.emit({
        type: "response_started",
        request_id: this.facts.requestId,
        provider: forwarded.target.name,
        status: forwarded.status,
        ttfb_ms: forwarded.firstByteMs,
        streaming: forwarded.streaming,
      });
    }
  }

  finished(forwarded: Forwarded, end: StreamEnd): UsageRecord {
    if (end.error) this.reportFailure(forwarded.status, end.error.code, end.error.message);
    const usage = usageOf(forwarded, this.tap, this.facts);
    return this.finish(
      forwarded,
      forwarded.status,
      usage,
      errorClassOf(forwarded, end),
      forwarded.attempts,
    );
  }

  finishedFromCache(status: number, headers: Headers, body: Uint8Array): UsageRecord {
    if (this.exchange) {
      this.exchange.response_headers = headers;
      this.exchange.response_body = body;
    }
    return this.finish(undefined, status, noUsage, null, []);
  }

  failed(status: number, error: unknown): UsageRecord {
    const code = isProxyError(error) ? error.code : "internal_error";
    this.reportFailure(status, code, isProxyError(error) ? error.message : "internal error");
    const details = isProxyError(error) ? error.details : undefined;
    return this.finish(undefined, status, noUsage, code, attemptsOf(details));
  }

  private finish(
    forwarded: Forwarded | undefined,
    status: number,
    usage: Usage,
    errorClass: string | null,
    attempts: readonly AttemptRecord[],
  ): UsageRecord {
    const { exchange, chunkCapture: capture, facts } = this;
    if (exchange && capture && forwarded) {
      exchange.response_headers = forwarded.headers;
      if (forwarded.body instanceof Uint8Array) exchange.response_body = forwarded.body;
      else exchange.stream_chunks = capture.chunks;
      exchange.stream_truncated = capture.truncated;
    }
    const record = toRecord(this.context, facts, {
      forwarded,
      status,
      usage,
      errorClass,
      attempts,
    });
    // the captured bytes stay lent to the observers until every one of them has seen them
    this.context.bus.emit(
      {
        type: "response_finished",
        method: facts.method,
        path: facts.path,
        failed_attempts: failedProviders(attempts, forwarded !== undefined),
        record,
        ...(exchange ? { exchange } : {}),
      },
      capture && (() => capture.release()),
    );
    return record;
  }

  private reportFailure(status: number, errorClass: string, message: string): void {
    const { bus } = this.context;
    if (!bus.listens("request_failed")) return;
    bus.emit({
      type: "request_failed",
      request_id: this.facts.requestId,
      status,
      error_class: errorClass,
      message: redactText(message),
    });
  }
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

/** The bytes a trace or debug log keeps, bounded per request and by the shared budget. */
class ChunkCapture {
  /** Never written to after they pass, so holding the same views is safe. */
  readonly chunks: Uint8Array[] = [];
  truncated = false;
  private held = 0;

  constructor(
    private readonly budget: ByteBudget,
    private readonly maxBytes: number,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.truncated) return;
    const size = chunk.byteLength;
    if (this.held + size > this.maxBytes || !this.budget.take(size)) {
      this.truncated = true;
      return;
    }
    this.held += size;
    this.chunks.push(chunk);
  }

  /** Gives the held bytes back to the shared budget once the trace has been made. */
  release(): void {
    this.budget.give(this.held);
    this.held = 0;
    this.chunks.length = 0;
  }
}
