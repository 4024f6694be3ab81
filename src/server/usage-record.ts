// Builds the usage record of a finished request from what its report gathered: one row per
// request, priced once, in the one token convention.

import type { Caller } from "../auth/index.ts";
import type { EventBus, Usage, UsageCoster, UsageKind } from "../observability/index.ts";
import type { ByteBudget, Clock } from "../shared/index.ts";
import type { UsageRecord } from "../store/index.ts";
import type { AttemptRecord, Forwarded } from "../upstream/index.ts";

export type CacheStatus = "hit" | "miss" | "bypass";

/** What every report of the app shares. */
export type ReportContext = {
  bus: EventBus;
  clock: Clock;
  costOf: UsageCoster;
  /** Bytes held by captures of all requests in flight (traces.max_capture_in_flight). */
  captureBudget: ByteBudget;
};

/** The facts gathered about one request as it goes; the report turns them into one record. */
export type RequestFacts = {
  requestId: string;
  method: string;
  path: string;
  /** Monotonic ms when the request arrived. */
  startedAt: number;
  kind: UsageKind;
  caller: Caller | undefined;
  model: string | undefined;
  requestJson: unknown;
  sessionId: string | undefined;
  cacheStatus: CacheStatus | null;
};

export type Outcome = {
  forwarded: Forwarded | undefined;
  status: number;
  usage: Usage;
  errorClass: string | null;
  attempts: readonly AttemptRecord[];
};

export function toRecord(
  context: ReportContext,
  facts: RequestFacts,
  outcome: Outcome,
): UsageRecord {
  const { forwarded, usage, attempts } = outcome;
  const provider = forwarded?.target.name ?? attempts.at(-1)?.provider ?? null;
  const at = context.clock.now();
  const model = facts.model ?? null;
  const modelServed = forwarded?.servedModel ?? null;
  return {
    at,
    request_id: facts.requestId,
    project: facts.caller?.project.name ?? null,
    token_id: facts.caller?.token.id ?? null,
    provider,
    model,
    model_served: modelServed,
    status: outcome.status,
    attempts: attempts.length,
    ttfb_ms: forwarded ? round(forwarded.firstByteMs) : null,
    total_ms: round(context.clock.monotonic() - facts.startedAt),
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    cached_tokens: usage.cached_tokens,
    cache_read_tokens: usage.cache_read_tokens,
    cache_write_tokens: usage.cache_write_tokens,
    cost_usd: context.costOf({ ...usage, at, provider, model, model_served: modelServed }),
    estimated: usage.estimated,
    cache_status: facts.cacheStatus,
    session_id: facts.sessionId ?? null,
    error_class: outcome.errorClass,
  };
}

// --- internal ---

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
