// Usage and trace rows with test defaults, and a day of seeded usage, for tests that fill a
// store directly.

import {
  createUsageRepository,
  type SqliteStore,
  type TraceRecord,
  type UsageRecord,
} from "../../src/store/index.ts";

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
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    cost_usd: null,
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

/** A day of earlier traffic (priced, with a few errors), so the overview's charts have a shape. */
export async function seedDayOfUsage(target: SqliteStore, now: number): Promise<void> {
  const rows: UsageRecord[] = [];
  for (let minute = 0; minute < 1_440; minute++) {
    const wave = 1 + Math.sin(minute / 90);
    for (let i = 0; i < 1 + Math.round(wave * 2); i++) {
      const input = Math.round(300 * wave) + ((minute * 7 + i) % 120);
      const output = Math.round(90 * wave) + (i % 30);
      const at = now - 86_400_000 + minute * 60_000 + i * 1_000;
      rows.push(
        usageRecord(at, 250 + wave * 350 + ((minute + i) % 9) * 45, {
          request_id: `seed-${minute}-${i}`,
          project: "default",
          model: i % 2 === 0 ? "gpt-4o-mini" : "mock-echo",
          model_served: null,
          status: 200,
          input_tokens: input,
          output_tokens: output,
          error_class: (minute + i) % 41 === 0 ? "upstream_error" : null,
          cost_usd: (input * 0.15 + output * 0.6) / 1_000_000,
        }),
      );
    }
  }
  // through the repository, which keeps the per-minute rollup /admin/stats reads
  await createUsageRepository(target.db).insertBatch(rows);
}
