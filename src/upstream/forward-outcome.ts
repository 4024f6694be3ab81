// How a forwarded request failed, in words a client may see (never a URL or key), and how a
// stream's end counts for the answering attempt.

import { ProxyError, type WireError } from "../shared/index.ts";
import type { AttemptFailure, AttemptReport, Target } from "./attempt.ts";
import type { StreamEnd } from "./stream-guard.ts";

export type AttemptRecord = {
  provider: string;
  status?: number;
  error?: AttemptFailure;
  /** What went wrong, safe to show: names the provider and the limit, never a URL or key. */
  message?: string;
  ms: number;
};

export function streamReport(
  end: StreamEnd,
  headersReport: AttemptReport,
  signal: AbortSignal,
): AttemptReport | undefined {
  if (end.kind === "complete") return headersReport;
  if (end.kind === "cancelled" || signal.aborted) return undefined;
  return { ...headersReport, failure: "stream_broken" };
}

export function isEventStream(response: Response): boolean {
  return response.headers.get("content-type")?.startsWith("text/event-stream") ?? false;
}

export function describeStreamFailure(
  target: Target,
  timedOut: boolean,
  signal: AbortSignal,
): WireError {
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
