// Tries candidates in order until one answers; retries before the first byte only. The answer
// is handed up with one `ended` promise: the pipeline settles everything from it, once.

import { ProxyError } from "../shared/index.ts";
import {
  type AttemptDeps,
  type AttemptInput,
  type AttemptReport,
  type AttemptResult,
  attemptUpstream,
  type Candidate,
} from "./attempt.ts";
import { maxErrorBodyBytes, readBoundedBody, redactBody } from "./error-body.ts";
import { type AttemptRecord, toFailure } from "./forward-outcome.ts";
import type { CandidateSource, Forwarded, ForwardOptions, Round } from "./forward-types.ts";
import { stripForClient } from "./headers.ts";
import { toAnswer } from "./pass-through.ts";
import { retryAfterMs } from "./retry-after.ts";
import type { StreamEnd } from "./stream-guard.ts";
import { shorterWait, type ThrottledAnswer } from "./throttled-answer.ts";
import { clientAnswerOf } from "./translated-answer.ts";

export type { AttemptRecord, AttemptReport, CandidateSource, Forwarded, ForwardOptions, Round };

export async function forwardWithFallback(
  source: CandidateSource,
  input: AttemptInput,
  options: ForwardOptions,
  deps: AttemptDeps,
): Promise<Forwarded> {
  const round: Round = { attempts: [], throttled: undefined, waitedMs: 0 };
  const { monotonic } = deps.clock;
  let candidate = await nextCandidate(source, input);
  while (candidate) {
    options.watch?.attempt(candidate.target.name, round.attempts.length + 1);
    const result = await attemptUpstream(candidate, input, deps);
    round.waitedMs += result.upstreamMs;
    if (!result.ok) {
      recordFailure(candidate, result, round);
      candidate = await nextAfter(source, input, round, options);
      continue;
    }
    const status = result.response.status;
    const report = reportOf(result, round, candidate, deps);
    if (!isWorthAnotherTry(status, candidate)) {
      const answer = await toAnswer(candidate, result, report, round, options, monotonic);
      if (answer) return answer;
      candidate = await nextAfter(source, input, round, options);
      continue;
    }
    // reported first, so the source knows (a benched key, a cooled provider) before it picks
    candidate.finish?.(report);
    if (status === 429) await keepThrottled(candidate, result, report, round, options);
    const following = await nextAfter(source, input, round, options);
    const best = following ? undefined : round.throttled;
    const lone = !following && !best && round.attempts.length === 1;
    // a lone attempt passes the upstream's own answer on; after several, the list of attempts
    if (lone) {
      const answer = await toAnswer(candidate, result, report, round, options, monotonic);
      return answer ?? throwFailure(round);
    }
    await discard(result);
    if (best) return fromThrottled(best, round);
    candidate = following;
  }
  if (round.attempts.length === 0) throw source.exhausted();
  return throwFailure(round);
}

// --- internal ---

/** The next candidate, unless the attempts are used up. */
function nextAfter(
  source: CandidateSource,
  input: AttemptInput,
  round: Round,
  options: ForwardOptions,
): Promise<Candidate | undefined> | undefined {
  return round.attempts.length < options.maxAttempts ? nextCandidate(source, input) : undefined;
}

function throwFailure(round: Round): never {
  throw toFailure(round.attempts);
}

async function nextCandidate(
  source: CandidateSource,
  input: AttemptInput,
): Promise<Candidate | undefined> {
  const candidate = await source.next(input.clientSignal);
  if (input.clientSignal.aborted) {
    candidate?.finish?.(undefined);
    throw new ProxyError("client_closed", "client went away");
  }
  return candidate;
}

function recordFailure(
  candidate: Candidate,
  result: Extract<AttemptResult, { ok: false }>,
  round: Round,
): void {
  const { failure } = result;
  const ms = Math.round(result.upstreamMs);
  round.attempts.push({
    provider: candidate.target.name,
    error: failure,
    message: result.message,
    ms,
  });
  if (failure === "aborted" || failure === "shutdown") {
    candidate.finish?.(undefined);
    throw failure === "aborted"
      ? new ProxyError("client_closed", "client went away")
      : new ProxyError("shutting_down", "the proxy is shutting down");
  }
  candidate.finish?.({ failure, firstByteMs: result.upstreamMs });
}

function reportOf(
  result: Extract<AttemptResult, { ok: true }>,
  round: Round,
  candidate: Candidate,
  deps: AttemptDeps,
): AttemptReport {
  const { status, headers } = result.response;
  round.attempts.push({
    provider: candidate.target.name,
    status,
    ms: Math.round(result.upstreamMs),
  });
  const report: AttemptReport = { status, firstByteMs: result.upstreamMs };
  if (status === 429) {
    const backoff = retryAfterMs(headers, deps.clock.now());
    if (backoff !== undefined) report.retryAfterMs = backoff;
  }
  return report;
}

/** Throttled or a server fault, or a refused credential when the provider has another. */
function isWorthAnotherTry(status: number, candidate: Candidate): boolean {
  if (status === 429 || status >= 500) return true;
  return candidate.retryOnAuthFailure === true && (status === 401 || status === 403);
}

async function keepThrottled(
  candidate: Candidate,
  result: Extract<AttemptResult, { ok: true }>,
  report: AttemptReport,
  round: Round,
  options: ForwardOptions,
): Promise<void> {
  const { response } = result;
  let raw: Uint8Array;
  try {
    raw = await readBoundedBody(response, maxErrorBodyBytes);
  } catch {
    // a 429 whose body broke off is not an answer to pass on; the attempt is over
    result.release();
    return;
  }
  const body = redactBody(raw, options.redact);
  round.throttled = shorterWait(round.throttled, {
    candidate,
    headers: response.headers,
    body,
    retryAfterMs: report.retryAfterMs,
    upstreamMs: result.upstreamMs,
  });
}

async function discard(result: Extract<AttemptResult, { ok: true }>): Promise<void> {
  if (!result.response.bodyUsed) await result.response.body?.cancel().catch(() => {});
  result.release();
}

function fromThrottled(answer: ThrottledAnswer, round: Round): Forwarded {
  const end: StreamEnd = { kind: "complete", bytes: answer.body.byteLength };
  const headers = stripForClient(answer.headers);
  const client = clientAnswerOf(answer.candidate, 429, answer.body, headers);
  return {
    target: answer.candidate.target,
    attempts: round.attempts,
    status: client.status,
    headers,
    body: client.body,
    translation: answer.candidate.translation,
    upstreamPath: answer.candidate.call.pathname,
    streaming: false,
    eventStream: false,
    upstreamMs: answer.upstreamMs,
    waitedMs: round.waitedMs,
    firstByteMs: answer.upstreamMs,
    servedModel: answer.candidate.call.model,
    panic: answer.candidate.panic === true,
    ended: Promise.resolve(end),
    // its attempt was reported when it answered 429
    finishAttempt: () => {},
  };
}
