// Tries targets in order until one answers; retries before the first byte only.

import { type Dialect, ProxyError, type WireError } from "../shared/index.ts";
import {
  type AttemptDeps,
  type AttemptFailure,
  type AttemptInput,
  attemptUpstream,
  type Candidate,
  type Target,
} from "./attempt.ts";
import { toClientHeaders } from "./headers.ts";
import { guardStream, type StreamEnd } from "./stream-guard.ts";

export type AttemptRecord = {
  provider: string;
  status?: number;
  error?: AttemptFailure;
  /** What went wrong, safe to show: names the provider and the limit, never a URL or key. */
  message?: string;
  ms: number;
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
};

export type ForwardOptions = {
  dialect: Dialect;
  maxAttempts: number;
  onStreamEnd?: (end: StreamEnd) => void;
};

// Retrying these may help: the request was throttled, timed out or hit a server fault.
const retryableStatuses = new Set([408, 429, 500, 502, 503, 504]);

export async function forwardWithFallback(
  candidates: Candidate[],
  input: AttemptInput,
  options: ForwardOptions,
  deps: AttemptDeps,
): Promise<Forwarded> {
  const attempts: AttemptRecord[] = [];
  const limit = Math.min(candidates.length, options.maxAttempts);
  let waitedMs = 0;
  for (let index = 0; index < limit; index++) {
    const candidate = candidates[index] as Candidate;
    const { target } = candidate;
    const result = await attemptUpstream(candidate, input, deps);
    waitedMs += result.upstreamMs;
    if (!result.ok) {
      attempts.push({
        provider: target.name,
        error: result.failure,
        message: result.message,
        ms: Math.round(result.upstreamMs),
      });
      if (result.failure === "aborted") throw new ProxyError("client_closed", "client went away");
      continue;
    }
    const { response } = result;
    attempts.push({
      provider: target.name,
      status: response.status,
      ms: Math.round(result.upstreamMs),
    });
    // A lone attempt passes the upstream's own answer on (429 keeps its retry-after).
    if (retryableStatuses.has(response.status) && (index < limit - 1 || attempts.length > 1)) {
      await response.body?.cancel().catch(() => {});
      continue;
    }
    const headers = toClientHeaders(response.headers);
    if (isEventStream(response) && response.body) {
      const body = guardStream(response.body, {
        dialect: options.dialect,
        describeFailure: () => describeStreamFailure(target, result.timedOut(), input.signal),
        onEnd: (end) => options.onStreamEnd?.(end),
      });
      const upstreamMs = result.upstreamMs;
      return {
        target,
        attempts,
        status: response.status,
        headers,
        body,
        streaming: true,
        upstreamMs,
        waitedMs,
      };
    }
    try {
      const body = new Uint8Array(await response.arrayBuffer());
      const upstreamMs = performance.now() - result.startedAt;
      waitedMs += upstreamMs - result.upstreamMs;
      return {
        target,
        attempts,
        status: response.status,
        headers,
        body,
        streaming: false,
        upstreamMs,
        waitedMs,
      };
    } catch (error: unknown) {
      if (input.signal.aborted)
        throw new ProxyError("client_closed", "client went away", { cause: error });
      const last = attempts[attempts.length - 1];
      if (last) {
        last.error = result.timedOut() ? "timeout" : "connect";
        last.message = result.timedOut()
          ? `provider ${target.name} did not finish within ${target.timeouts.request} ms`
          : `provider ${target.name} broke off the response body`;
      }
    }
  }
  throw toFailure(attempts);
}

// --- internal ---

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
  if (attempts.length === 0)
    return new ProxyError("no_healthy_provider", "no provider is available");
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
    {
      details,
    },
  );
}

function describeAttempt(attempt: AttemptRecord): string {
  if (attempt.status !== undefined)
    return `provider ${attempt.provider} answered ${attempt.status}`;
  return attempt.message ?? `provider ${attempt.provider} failed`;
}
