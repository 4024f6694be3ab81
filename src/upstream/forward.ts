// Tries candidates in order until one answers; retries before the first byte only.

import { type Dialect, ProxyError } from "../shared/index.ts";
import {
  type AttemptDeps,
  type AttemptInput,
  type AttemptReport,
  attemptUpstream,
  type Candidate,
  type Target,
} from "./attempt.ts";
import { maxErrorBodyBytes, readBoundedBody, redactBody } from "./error-body.ts";
import { chainTransforms, createErrorEventRedactor } from "./error-event-redactor.ts";
import {
  type AttemptRecord,
  describeStreamFailure,
  isEventStream,
  streamReport,
  toFailure,
} from "./forward-outcome.ts";
import { toClientHeaders } from "./headers.ts";
import { retryAfterMs } from "./retry-after.ts";
import { guardStream, type StreamEnd, type StreamTransform } from "./stream-guard.ts";
import { createThrottleKeeper, type ThrottledAnswer } from "./throttled-answer.ts";

export type { AttemptRecord, AttemptReport };

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
  /** The answering provider was picked by the panic pass (every candidate was out). */
  panic: boolean;
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
  /** Scrubs secrets from error bodies and error events before the client sees them. */
  redact: (text: string) => string;
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
  const throttled = createThrottleKeeper();
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
      if (response.status === 429) {
        const body = redactBody(await readBoundedBody(response, maxErrorBodyBytes), options.redact);
        throttled.offer({
          candidate: current,
          headers: toClientHeaders(response.headers),
          body,
          retryAfterMs: report.retryAfterMs,
          upstreamMs: result.upstreamMs,
          firstByteMs: result.upstreamMs,
        });
      }
      const following = await nextAttempt(source, input.signal, attempts, options.maxAttempts);
      if (following) {
        await response.body?.cancel().catch(() => {});
        candidate = following;
        continue;
      }
      // Nothing left to try: a 429 seen on the way wins (the client can act on its
      // retry-after); else a lone attempt passes the upstream's own answer on, and after
      // several the client gets the list of attempts.
      const throttledAnswer = throttled.best();
      if (throttledAnswer) return fromThrottled(throttledAnswer, attempts, waitedMs);
      if (attempts.length > 1) {
        await response.body?.cancel().catch(() => {});
        break;
      }
    }
    const headers = toClientHeaders(response.headers);
    const panic = current.panic === true;
    if (isEventStream(response) && response.body) {
      const transform = chainTransforms([
        createErrorEventRedactor(options.redact),
        ...(options.streamTransform ? [options.streamTransform] : []),
      ]);
      const body = guardStream(response.body, {
        dialect: options.dialect,
        describeFailure: () => describeStreamFailure(target, result.timedOut(), input.signal),
        ...(options.onStreamChunk ? { onChunk: options.onStreamChunk } : {}),
        ...(transform ? { transform } : {}),
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
        panic,
      };
    }
    try {
      const read = new Uint8Array(await response.arrayBuffer());
      const body = response.status >= 400 ? redactBody(read, options.redact) : read;
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
        panic,
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

function fromThrottled(
  answer: ThrottledAnswer,
  attempts: AttemptRecord[],
  waitedMs: number,
): Forwarded {
  return {
    target: answer.candidate.target,
    attempts,
    status: 429,
    headers: answer.headers,
    body: answer.body,
    streaming: false,
    upstreamMs: answer.upstreamMs,
    waitedMs,
    firstByteMs: answer.firstByteMs,
    servedModel: answer.candidate.call.model,
    panic: answer.candidate.panic === true,
  };
}

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
