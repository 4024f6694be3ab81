// How a forwarded request failed, in words a client may see (never a URL or key), and how a
// stream's end counts for the answering attempt.

import { type ErrorCode, errorCodes, ProxyError } from "../shared/index.ts";
import type { AbortReason, AttemptFailure, AttemptReport, Target } from "./attempt.ts";
import type { StreamEnd, StreamFailure } from "./stream-guard.ts";

export type AttemptRecord = {
  provider: string;
  status?: number;
  error?: AttemptFailure;
  /** What went wrong, safe to show: names the provider and the limit, never a URL or key. */
  message?: string;
  ms: number;
};

/** How a passed-through body's end counts for the attempt that answered it. */
export function attemptReportFor(
  end: StreamEnd,
  headersReport: AttemptReport,
): AttemptReport | undefined {
  switch (end.kind) {
    case "complete":
      return headersReport;
    case "client_abort":
    case "shutdown":
      // not the provider's doing: no health penalty
      return undefined;
    case "timeout":
    case "upstream_cut":
      return { ...headersReport, failure: "stream_broken" };
  }
}

/** Why a passed-through body stopped, from why its attempt was aborted (if it was). */
export function describeStreamFailure(
  target: Target,
  reason: AbortReason | undefined,
): StreamFailure {
  switch (reason) {
    case "timeout":
      return failure(
        "timeout",
        "upstream_timeout",
        `provider ${target.name} did not finish within ${target.timeouts.request} ms`,
      );
    case "shutdown":
      return failure("shutdown", "shutting_down", "the proxy is shutting down");
    case "client":
      return failure("client_abort", "client_closed", "client went away");
    default:
      return failure(
        "upstream_cut",
        "upstream_error",
        `provider ${target.name} ended the stream unexpectedly`,
      );
  }
}

/** The stream's end and its error, typed by the one code table. */
function failure(kind: StreamFailure["kind"], code: ErrorCode, message: string): StreamFailure {
  return { kind, error: { type: errorCodes[code].type, code, message } };
}

export function toFailure(attempts: AttemptRecord[]): ProxyError {
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
