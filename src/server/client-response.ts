// The forwarded answer with the proxy's own headers, set on the headers before the Response is
// made from them.

import type { Forwarded } from "../upstream/index.ts";

export type ResponseExtras = {
  requestId: string;
  /** Monotonic ms, now and when the request arrived: the overhead figure. */
  elapsedMs: number;
  sessionId: string | undefined;
  cacheStatus: string | undefined;
  /** The smaller remaining budget of the token's and the project's, after this reservation. */
  budgetRemainingUsd: number | null;
};

/** What every answer to a proxied path carries, forwarded or from the cache. */
export type CallerHeaders = {
  requestId: string;
  sessionId?: string | undefined;
  /** x-llm-proxy-budget-remaining-usd, for a budgeted caller. */
  budgetRemainingUsd?: number | null;
};

export function setCallerHeaders(
  headers: Headers,
  caller: CallerHeaders,
  eventStream: boolean,
): void {
  headers.set("x-request-id", caller.requestId);
  if (caller.sessionId) headers.set("x-session-id", caller.sessionId);
  if (caller.budgetRemainingUsd !== undefined && caller.budgetRemainingUsd !== null) {
    headers.set("x-llm-proxy-budget-remaining-usd", formatUsd(caller.budgetRemainingUsd));
  }
  if (eventStream) {
    headers.set("cache-control", "no-cache");
    headers.set("x-accel-buffering", "no");
  }
}

export function toClientResponse(forwarded: Forwarded, extras: ResponseExtras): Response {
  const headers = forwarded.headers;
  setCallerHeaders(headers, extras, forwarded.eventStream);
  headers.set("x-llm-proxy-provider", forwarded.target.name);
  headers.set("x-llm-proxy-attempts", String(forwarded.attempts.length));
  headers.set("x-upstream-response-time", String(Math.round(forwarded.upstreamMs)));
  headers.set("x-llm-proxy-overhead-ms", (extras.elapsedMs - forwarded.waitedMs).toFixed(3));
  if (forwarded.panic) headers.set("x-llm-proxy-panic", "true");
  const translation = forwarded.translation;
  if (translation) {
    headers.set("x-llm-proxy-translation", `${translation.client}->${translation.upstream}`);
    if (translation.dropped.length > 0) {
      headers.set("x-llm-proxy-dropped", translation.dropped.join(","));
    }
  }
  if (extras.cacheStatus) headers.set("x-cache-status", extras.cacheStatus);
  return new Response(forwarded.body, { status: forwarded.status, headers });
}

/** Dollars to the micro-dollar, without a trailing run of zeros. */
export function formatUsd(usd: number): string {
  return String(Math.max(0, Math.round(usd * 1e6) / 1e6));
}
