// Turns an upstream response into the answer handed up: an error body read with a bound and
// redacted, a small sized body read whole (a failure while reading it can still fall back),
// anything else (SSE, large or unsized bodies) passed through as it comes behind a guard.

import { ProxyError } from "../shared/index.ts";
import type { AttemptReport, AttemptResult, Candidate } from "./attempt.ts";
import {
  declaredBodyLength,
  maxErrorBodyBytes,
  readBoundedBody,
  redactBody,
} from "./error-body.ts";
import { chainTransforms, createErrorEventRedactor } from "./error-event-redactor.ts";
import { attemptReportFor, describeStreamFailure } from "./forward-outcome.ts";
import type { Forwarded, ForwardOptions, Round } from "./forward-types.ts";
import { stripForClient } from "./headers.ts";
import { guardStream, type StreamEnd } from "./stream-guard.ts";
import { clientAnswerOf, streamTranslatorOf } from "./translated-answer.ts";

type Answered = Extract<AttemptResult, { ok: true }>;

/** A sized body up to this is read whole; past it (or unsized), it streams through. */
const readWholeMaxBytes = 256 * 1024;
/** A translated JSON answer is read whole up to this (a model's answer is far smaller). */
const maxTranslatedBytes = 16 * 1024 * 1024;

/** The answer, or undefined when reading a small body failed and the next candidate should go. */
export async function toAnswer(
  candidate: Candidate,
  result: Answered,
  report: AttemptReport,
  round: Round,
  options: ForwardOptions,
  monotonic: () => number,
): Promise<Forwarded | undefined> {
  const { response } = result;
  const eventStream =
    response.headers.get("content-type")?.startsWith("text/event-stream") ?? false;
  if (response.status >= 400) {
    let raw: Uint8Array;
    try {
      raw = await readBoundedBody(response, maxErrorBodyBytes);
    } catch (error: unknown) {
      return brokenBody(candidate, result, round, error);
    }
    return whole(candidate, result, report, round, redactBody(raw, options.redact), monotonic);
  }
  // a translated JSON answer is read whole: it is translated in one piece
  if (candidate.translation && !eventStream)
    return translatedWhole(candidate, result, report, round, monotonic);
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  const small = !eventStream && response.body !== null && length <= readWholeMaxBytes;
  if (small && !options.keepBody) return direct(candidate, result, report, round, length);
  // read whole only when what it decodes to is known to be small too (not a compressed body)
  if (small && declaredBodyLength(response.headers) <= readWholeMaxBytes) {
    try {
      const body = await response.bytes();
      return whole(candidate, result, report, round, body, monotonic);
    } catch (error: unknown) {
      return brokenBody(candidate, result, round, error);
    }
  }
  return streamed(candidate, result, report, round, options, eventStream);
}

// --- internal ---

async function translatedWhole(
  candidate: Candidate,
  result: Answered,
  report: AttemptReport,
  round: Round,
  monotonic: () => number,
): Promise<Forwarded | undefined> {
  let body: Uint8Array;
  try {
    body = await readBoundedBody(result.response, maxTranslatedBytes + 1);
  } catch (error: unknown) {
    return brokenBody(candidate, result, round, error);
  }
  if (body.byteLength > maxTranslatedBytes) {
    result.release();
    candidate.finish?.(report);
    throw new ProxyError(
      "upstream_error",
      `provider ${candidate.target.name} answered more than ${maxTranslatedBytes / 1024 / 1024} MB: too large to translate`,
    );
  }
  return whole(candidate, result, report, round, body, monotonic);
}

function base(candidate: Candidate, result: Answered, round: Round) {
  return {
    target: candidate.target,
    attempts: round.attempts,
    status: result.response.status,
    headers: stripForClient(result.response.headers),
    firstByteMs: result.upstreamMs,
    servedModel: candidate.call.model,
    panic: candidate.panic === true,
    translation: candidate.translation,
    upstreamPath: candidate.call.pathname,
  };
}

function whole(
  candidate: Candidate,
  result: Answered,
  report: AttemptReport,
  round: Round,
  body: Uint8Array,
  monotonic: () => number,
): Forwarded {
  result.release();
  // the whole exchange, body included, counts as waiting on the upstream
  const upstreamMs = monotonic() - result.startedAt;
  round.waitedMs += upstreamMs - result.upstreamMs;
  const answered = base(candidate, result, round);
  const client = clientAnswerOf(candidate, result.response.status, body, answered.headers);
  return {
    ...answered,
    status: client.status,
    body: client.body,
    streaming: false,
    eventStream: false,
    upstreamMs,
    waitedMs: round.waitedMs,
    ended: Promise.resolve({ kind: "complete", bytes: body.byteLength }),
    finishAttempt: () => candidate.finish?.(report),
  };
}

/**
 * Nothing reads the bytes: Bun pipes them from the upstream to the client itself. The answer is
 * settled at its headers (a small sized body; its transfer cannot fall back anyway).
 */
function direct(
  candidate: Candidate,
  result: Answered,
  report: AttemptReport,
  round: Round,
  bytes: number,
): Forwarded {
  result.release();
  return {
    ...base(candidate, result, round),
    body: result.response.body as ReadableStream<Uint8Array>,
    streaming: true,
    eventStream: false,
    upstreamMs: result.upstreamMs,
    waitedMs: round.waitedMs,
    ended: Promise.resolve({ kind: "complete", bytes }),
    finishAttempt: () => candidate.finish?.(report),
  };
}

function streamed(
  candidate: Candidate,
  result: Answered,
  report: AttemptReport,
  round: Round,
  options: ForwardOptions,
  eventStream: boolean,
): Forwarded {
  const { target } = candidate;
  const translator = eventStream ? streamTranslatorOf(candidate) : undefined;
  // the include_stream_usage stripper is for pass-through OpenAI streams only
  const rewrite = translator ?? options.streamTransform;
  const redactor = eventStream ? createErrorEventRedactor(options.redact) : undefined;
  const transform =
    redactor && rewrite ? chainTransforms([redactor, rewrite]) : (redactor ?? rewrite);
  const taps = options.watch?.tapFor({
    provider: target.name,
    status: result.response.status,
    eventStream,
    upstreamPath: candidate.call.pathname,
  });
  const guarded = guardStream(result.response.body as ReadableStream<Uint8Array>, {
    dialect: options.dialect,
    eventStream,
    describeFailure: () => describeStreamFailure(target, result.abortReason()),
    upstreamTap: taps?.upstream,
    clientTap: taps?.client,
    transform,
  });
  return {
    ...base(candidate, result, round),
    body: guarded.body,
    streaming: true,
    eventStream,
    upstreamMs: result.upstreamMs,
    waitedMs: round.waitedMs,
    ended: guarded.ended,
    // called once the stream is over, which is when its timers and listeners may go
    finishAttempt: (end: StreamEnd) => {
      result.release();
      candidate.finish?.(attemptReportFor(end, report));
    },
  };
}

/** The body broke off while being read whole: that attempt failed, the next may answer. */
function brokenBody(
  candidate: Candidate,
  result: Answered,
  round: Round,
  error: unknown,
): undefined {
  result.release();
  const reason = result.abortReason();
  const last = round.attempts[round.attempts.length - 1] as (typeof round.attempts)[number];
  if (reason === "client" || reason === "shutdown") {
    candidate.finish?.(undefined);
    throw reason === "client"
      ? new ProxyError("client_closed", "client went away", { cause: error })
      : new ProxyError("shutting_down", "the proxy is shutting down", { cause: error });
  }
  last.error = reason === "timeout" ? "timeout" : "connect";
  last.message =
    reason === "timeout"
      ? `provider ${candidate.target.name} did not finish within ${candidate.target.timeouts.request} ms`
      : `provider ${candidate.target.name} broke off the response body`;
  candidate.finish?.({ failure: last.error, firstByteMs: result.upstreamMs });
  return undefined;
}
