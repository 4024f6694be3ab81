// The proxy's own metrics: requests, latency, time to first byte, tokens, cost, retries and
// upstream errors, each a typed handle over the registry so label names cannot be mistyped.

import { createModelLabels, type ModelLabels } from "./model-labels.ts";
import type { Labels, Registry } from "./types.ts";

export type StatusClass = "1xx" | "2xx" | "3xx" | "4xx" | "5xx" | "error";
/** The response cache's verdict; "none" when no cache is configured for the route. */
export type CacheLabel = "hit" | "miss" | "bypass" | "none";
export type TokenDirection = "input" | "output" | "cached";

export type ProxyMetrics = {
  /** The models an upstream has answered: a label of their own (kept for the process). */
  modelLabels: ModelLabels;
  requests: TypedCounter<{
    provider: string;
    model: string;
    status_class: StatusClass;
    cache: CacheLabel;
  }>;
  requestDuration: TypedHistogram<{ provider: string; status_class: StatusClass }>;
  ttfb: TypedHistogram<{ provider: string }>;
  tokens: TypedCounter<{ provider: string; model: string; direction: TokenDirection }>;
  /** Attempts beyond the first, labelled with the provider whose attempt failed. */
  retries: TypedCounter<{ provider: string }>;
  /** Requests sent by the panic pass: every candidate was cooling down, open or failing checks. */
  panicRouted: TypedCounter<{ provider: string }>;
  /** `kind` should come from a small fixed set (timeout, connect, status_5xx...). */
  upstreamErrors: TypedCounter<{ provider: string; kind: string }>;
  /** Budgets whose spend crossed budgets.alert_at, by scope (project or token). */
  budgetAlerts: TypedCounter<{ scope: string }>;
  /** Reloads by outcome: success or failure (the old config kept). */
  configReloads: TypedCounter<{ result: "success" | "failure" }>;
  /** Trace captures cut because traces.max_capture_in_flight was full. */
  traceCapturesCut: TypedCounter<Record<string, never>>;
  /** Failed cache backend operations; each one was answered as a miss. */
  cacheErrors: TypedCounter<{ backend: string; operation: string }>;
  /** USD of priced requests, from the price table. */
  cost: TypedCounter<{ provider: string; model: string }>;
  /** Requests that used tokens of a model without a price (their cost_usd is null). */
  unpriced: TypedCounter<{ provider: string; model: string }>;
  /** Shared-state (Redis) calls that failed; with fail_mode open each fell back to this instance. */
  sharedStateErrors: TypedCounter<{ operation: string; fail_mode: string }>;
};

export type TypedCounter<L extends Labels> = { inc(labels: L, by?: number): void };
export type TypedHistogram<L extends Labels> = { observe(labels: L, seconds: number): void };

/** Seconds, from 5 ms to 2 minutes: short completions up to long streamed generations. */
export const latencyBucketsSeconds = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
] as const;

export function createProxyMetrics(registry: Registry): ProxyMetrics {
  return {
    modelLabels: createModelLabels(),
    requests: registry.counter("llm_proxy_requests_total", "Proxied requests, by outcome.", [
      "provider",
      "model",
      "status_class",
      "cache",
    ]),
    requestDuration: registry.histogram(
      "llm_proxy_request_duration_seconds",
      "Time from receiving a request to the end of its response.",
      ["provider", "status_class"],
      latencyBucketsSeconds,
    ),
    ttfb: registry.histogram(
      "llm_proxy_ttfb_seconds",
      "Time to the first byte of an upstream response.",
      ["provider"],
      latencyBucketsSeconds,
    ),
    tokens: registry.counter("llm_proxy_tokens_total", "Tokens reported by upstreams.", [
      "provider",
      "model",
      "direction",
    ]),
    retries: registry.counter(
      "llm_proxy_retries_total",
      "Attempts beyond the first, by the provider whose attempt failed.",
      ["provider"],
    ),
    panicRouted: registry.counter(
      "llm_proxy_panic_routed_total",
      "Requests sent to the provider back soonest because every candidate was out.",
      ["provider"],
    ),
    upstreamErrors: registry.counter(
      "llm_proxy_upstream_errors_total",
      "Failed upstream attempts, by kind of failure.",
      ["provider", "kind"],
    ),
    budgetAlerts: registry.counter(
      "llm_proxy_budget_alerts_total",
      "Budgets whose spend crossed budgets.alert_at, by scope.",
      ["scope"],
    ),
    configReloads: registry.counter(
      "llm_proxy_config_reloads_total",
      "Config reloads (SIGHUP, POST /admin/reload, --watch), by result.",
      ["result"],
    ),
    traceCapturesCut: registry.counter(
      "llm_proxy_trace_captures_cut_total",
      "Trace captures cut short because traces.max_capture_in_flight was full.",
      [],
    ),
    cacheErrors: registry.counter(
      "llm_proxy_cache_errors_total",
      "Failed response cache backend operations (each served as a miss).",
      ["backend", "operation"],
    ),
    cost: registry.counter(
      "llm_proxy_cost_usd_total",
      "USD spent on priced requests, from the price table.",
      ["provider", "model"],
    ),
    unpriced: registry.counter(
      "llm_proxy_unpriced_requests_total",
      "Requests that used tokens of a model without a known price.",
      ["provider", "model"],
    ),
    sharedStateErrors: registry.counter(
      "llm_proxy_shared_state_errors_total",
      "Shared-state (Redis) calls that failed: refused with fail_mode closed, per instance with open.",
      ["operation", "fail_mode"],
    ),
  };
}

/** "2xx" for 200-299 and so on; "error" when no HTTP status was received (0) or it is invalid. */
export function statusClass(status: number): StatusClass {
  if (!Number.isInteger(status) || status < 100 || status > 599) return "error";
  return statusClasses[Math.floor(status / 100) - 1] as StatusClass;
}

// --- internal ---

const statusClasses: readonly StatusClass[] = ["1xx", "2xx", "3xx", "4xx", "5xx"];
