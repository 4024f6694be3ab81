// Tries candidates in order until one answers; retries before the first byte only.

import { type Dialect, ProxyError, type WireError } from "../shared/index.ts";
import {
  type AttemptDeps,
  type AttemptFailure,
  type AttemptInput,
  type AttemptReport,
  attemptUpstream,
  type Candidate,
  type Target,
} from "./attempt.ts";
import { toClientHeaders } from "./headers.ts";
import { retryAfterMs } from "./retry-after.ts";
import { guardStream, type StreamEnd, type StreamTransform } from "./stream-guard.ts";

export type { AttemptReport };

export type AttemptRecord = {
  provider: string;
  status?: number;
  error?: AttemptFailure;
  /** What went wrong, safe to show: names the provider and the limit, never a URL or key. */
  message?: string;
  ms: number;
};

/** Hands out candidates one at a time (it may wait for a free slot); each is tried once. */
export type CandidateSource = {
  next(signal: AbortSignal): Promise<Candidate | undefined>;
  /** The error to answer with when no candidate could be tried at all. */
  exhausted(): ProxyError;
};

export type Forwarded = {
  target: Target;
  attempts: AttemptRecord[];
  status: number;
  headers: Headers;
  /** Guarded SSE stream, or the whole buffered body of any other response. */
  body: ReadableStream<Uint8Array> | Uint8Array;
  streaming: boolean;
  /** Upstream time of the answering attempt: headers for streams, whole body otherwise. */
  upstreamMs: number;
  /** Time spent waiting on upstreams across all attempts, for the proxy-overhead figure. */
  waitedMs: number;
  /** Time to the answering upstream's response headers. */
  firstByteMs: number;
  /** The model sent upstream (after model_map), when the request named one. */
  servedModel: string | undefined;
};

export type ForwardOptions = {
  dialect: Dialect;
  maxAttempts: number;
  onStreamEnd?: (end: StreamEnd) => void;
  /** Sees every chunk of a stream as it passes (usage extraction); must be cheap. */
  onStreamChunk?: (chunk: Uint8Array) => void;
  /** Rewrites the answering stream on its way to the client (after onStreamChunk sees it). */
  streamTransform?: StreamTransform;
  /** Called as each attempt starts, with the provider's name and the attempt number (1-based). */
  onAttempt?: (provider: string, attempt: number) => void;
};

// Worth trying elsewhere: throttled or a server fault. Other 4xx go back to the client as-is.
function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Refused credentials: worth another try only with another credential of the same provider. */
function isAuthStatus(status: number): boolean {
  return status === 401 || status === 403;
}

export async function forwardWithFallback(
  source: CandidateSource,
  input: AttemptInput,
  options: ForwardOptions,
  deps: AttemptDeps,
): Promise<Forwarded> {
  const attempts: AttemptRecord[] = [];
  let waitedMs = 0;
  let candidate = await nextCandidate(source, input.signal);
  while (candidate) {
    const current: Candidate = candidate;
    const { target } = current;
    options.onAttempt?.(target.name, attempts.length + 1);
    const result = await attemptUpstream(current, input, deps);
    waitedMs += result.upstreamMs;
    if (!result.ok) {
      attempts.push({
        provider: target.name,
        error: result.failure,
        message: result.message,
        ms: Math.round(result.upstreamMs),
      });
      if (result.failure === "aborted") {
        current.finish?.(undefined);
        throw new ProxyError("client_closed", "client went away");
      }
      current.finish?.({ failure: result.failure, firstByteMs: result.upstreamMs });
      candidate = await nextAttempt(source, input.signal, attempts, options.maxAttempts);
      continue;
    }
    const { response } = result;
    attempts.push({
      provider: target.name,
      status: response.status,
      ms: Math.round(result.upstreamMs),
    });
    const report: AttemptReport = { status: response.status, firstByteMs: result.upstreamMs };
    if (response.status === 429) {
      const backoff = retryAfterMs(response.headers, Date.now());
      if (backoff !== undefined) report.retryAfterMs = backoff;
    }
    const authRetry = current.retryOnAuthFailure === true && isAuthStatus(response.status);
    if (isRetryableStatus(response.status) || authRetry) {
      // reported first, so the source knows (a benched key, a cooled provider) before it picks
      current.finish?.(report);
      const following = await nextAttempt(source, input.signal, attempts, options.maxAttempts);
      if (following) {
        await response.body?.cancel().catch(() => {});
        candidate = following;
        continue;
      }
      // Nothing left to try: a lone attempt passes the upstream's own answer on (429 keeps
      // its retry-after); after several, the client gets the list of attempts.
      if (attempts.length > 1) {
        await response.body?.cancel().catch(() => {});
        break;
      }
    }
    const headers = toClientHeaders(response.headers);
    if (isEventStream(response) && response.body) {
      const body = guardStream(response.body, {
        dialect: options.dialect,
        describeFailure: () => describeStreamFailure(target, result.timedOut(), input.signal),
        ...(options.onStreamChunk ? { onChunk: options.onStreamChunk } : {}),
        ...(options.streamTransform ? { transform: options.streamTransform } : {}),
        onEnd: (end) => {
          current.finish?.(streamReport(end, report, input.signal));
          options.onStreamEnd?.(end);
        },
      });
      return {
        target,
        attempts,
        status: response.status,
        headers,
        body,
        streaming: true,
        upstreamMs: result.upstreamMs,
        waitedMs,
        firstByteMs: result.upstreamMs,
        servedModel: current.call.model,
      };
    }
    try {
      const body = new Uint8Array(await response.arrayBuffer());
      const upstreamMs = performance.now() - result.startedAt;
      waitedMs += upstreamMs - result.upstreamMs;
      current.finish?.(report);
      return {
        target,
        attempts,
        status: response.status,
        headers,
        body,
        streaming: false,
        upstreamMs,
        waitedMs,
        firstByteMs: result.upstreamMs,
        servedModel: current.call.model,
      };
    } catch (error: unknown) {
      if (input.signal.aborted) {
        current.finish?.(undefined);
        throw new ProxyError("client_closed", "client went away", { cause: error });
      }
      const last = attempts[attempts.length - 1] as AttemptRecord;
      last.error = result.timedOut() ? "timeout" : "connect";
      last.message = result.timedOut()
        ? `provider ${target.name} did not finish within ${target.timeouts.request} ms`
        : `provider ${target.name} broke off the response body`;
      current.finish?.({ failure: last.error, firstByteMs: result.upstreamMs });
      candidate = await nextAttempt(source, input.signal, attempts, options.maxAttempts);
    }
  }
  if (attempts.length === 0) throw source.exhausted();
  throw toFailure(attempts);
}

// --- internal ---

async function nextCandidate(
  source: CandidateSource,
  signal: AbortSignal,
): Promise<Candidate | undefined> {
  const candidate = await source.next(signal);
  if (signal.aborted) {
    candidate?.finish?.(undefined);
    throw new ProxyError("client_closed", "client went away");
  }
  return candidate;
}

function nextAttempt(
  source: CandidateSource,
  signal: AbortSignal,
  attempts: AttemptRecord[],
  maxAttempts: number,
): Promise<Candidate | undefined> {
  if (attempts.length >= maxAttempts) return Promise.resolve(undefined);
  return nextCandidate(source, signal);
}

function streamReport(
  end: StreamEnd,
  headersReport: AttemptReport,
  signal: AbortSignal,
): AttemptReport | undefined {
  if (end.kind === "complete") return headersReport;
  if (end.kind === "cancelled" || signal.aborted) return undefined;
  return { ...headersReport, failure: "stream_broken" };
}

function isEventStream(response: Response): boolean {
  return response.headers.get("content-type")?.startsWith("text/event-stream") ?? false;
}

function describeStreamFailure(target: Target, timedOut: boolean, signal: AbortSignal): WireError {
  if (timedOut) {
    return {
      type: "timeout_error",
      code: "upstream_timeout",
      message: `provider ${target.name} did not finish within ${target.timeouts.request} ms`,
    };
  }
  if (signal.aborted) {
    return {
      type: "overloaded_error",
      code: "shutting_down",
      message: "the proxy is shutting down",
    };
  }
  return {
    type: "api_error",
    code: "upstream_error",
    message: `provider ${target.name} ended the stream unexpectedly`,
  };
}

function toFailure(attempts: AttemptRecord[]): ProxyError {
  const details = { attempts };
  if (attempts.length === 1) {
    const only = attempts[0] as AttemptRecord;
    const timedOut = only.error === "timeout" || only.error?.endsWith("_timeout");
    const code = timedOut ? "upstream_timeout" : "upstream_error";
    return new ProxyError(code, describeAttempt(only), { details });
  }
  const summary = attempts.map(describeAttempt).join("; ");
  return new ProxyError(
    "all_targets_failed",
    `all ${attempts.length} attempts failed: ${summary}`,
    { details },
  );
}

function describeAttempt(attempt: AttemptRecord): string {
  if (attempt.status !== undefined)
    return `provider ${attempt.provider} answered ${attempt.status}`;
  return attempt.message ?? `provider ${attempt.provider} failed`;
}
