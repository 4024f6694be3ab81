// Usage and trace rows with test defaults, for tests that fill a store directly.

import type { TraceRecord, UsageRecord } from "../../src/store/index.ts";

export function usageRecord(
  at: number,
  totalMs: number,
  extra: Partial<UsageRecord> = {},
): UsageRecord {
  return {
    at,
    request_id: `req-${at}-${totalMs}`,
    project: "p",
    token_id: null,
    provider: "mock",
    model: "mock-echo",
    model_served: "mock-echo",
    status: extra.error_class ? 502 : 200,
    attempts: 1,
    ttfb_ms: null,
    total_ms: totalMs,
    input_tokens: 10,
    output_tokens: 5,
    cached_tokens: 0,
    estimated: false,
    cache_status: null,
    session_id: null,
    error_class: null,
    ...extra,
  };
}

export function traceRecord(id: string, at: number, extra: Partial<TraceRecord> = {}): TraceRecord {
  return {
    id,
    request_id: `req-${id}`,
    at,
    method: "POST",
    path: "/v1/chat/completions",
    model: "mock-echo",
    provider: "mock",
    status: 200,
    duration_ms: 12,
    session_id: null,
    request_headers: null,
    request_body: null,
    response_headers: null,
    response_body: null,
    response_text: null,
    truncated: false,
    ...extra,
  };
}
