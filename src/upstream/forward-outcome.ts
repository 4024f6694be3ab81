// How a forwarded request failed, in words a client may see (never a URL or key), and how a
// stream's end counts for the answering attempt.

import { ProxyError } from "../shared/index.ts";
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
      return {
        kind: "timeout",
        error: {
          type: "timeout_error",
          code: "upstream_timeout",
          message: `provider ${target.name} did not finish within ${target.timeouts.request} ms`,
        },
      };
    case "shutdown":
      return {
        kind: "shutdown",
        error: {
          type: "overloaded_error",
          code: "shutting_down",
          message: "the proxy is shutting down",
        },
      };
    case "client":
      return {
        kind: "client_abort",
        error: {
          type: "invalid_request_error",
          code: "client_closed",
          message: "client went away",
        },
      };
    default:
      return {
        kind: "upstream_cut",
        error: {
          type: "api_error",
          code: "upstream_error",
          message: `provider ${target.name} ended the stream unexpectedly`,
        },
      };
  }
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
