// What GET /admin/providers and /ready show of a provider: its state, in words, and its figures.

import type { ProviderConfig } from "../config/index.ts";
import type { BreakerState } from "./circuit-breaker.ts";
import type { ProviderLive } from "./provider-live.ts";

export type ProviderSnapshot = {
  name: string;
  type: string;
  state:
    | "available"
    | "open"
    | "half_open"
    | "cooling_down"
    | "unhealthy"
    | "no_credentials"
    | "at_capacity";
  breaker: BreakerState;
  health_check: "unknown" | "up" | "down";
  in_flight: number;
  /** Concurrency slots taken (only with max_concurrent). */
  slots_in_use: number | null;
  max_concurrent: number | null;
  weight: number;
  fallback_only: boolean;
  ewma_first_byte_ms: number | null;
  requests: number;
  errors: { server: number; rate_limited: number; auth: number };
  recent_failures: { error: number; rate_limit: number; auth: number };
  last_error: { message: string; at: string } | null;
  cooling_down_until: string | null;
};

export function snapshotOf(
  config: ProviderConfig,
  live: ProviderLive,
  now: number,
  hasCredential: boolean,
): ProviderSnapshot {
  const breakerState = live.breaker.state(now);
  const { slots, ewma, lastError, coolingUntil } = live;
  return {
    name: config.name,
    type: config.type,
    state: describeState(live, breakerState, now, hasCredential),
    breaker: breakerState,
    health_check: live.checkStatus,
    in_flight: live.inFlight,
    slots_in_use: slots ? slots.inUse() : null,
    max_concurrent: config.max_concurrent ?? null,
    weight: config.weight,
    fallback_only: config.fallback_only,
    ewma_first_byte_ms: ewma === undefined ? null : Math.round(ewma * 10) / 10,
    requests: live.requests,
    errors: { ...live.errors },
    recent_failures: live.breaker.recentFailures(now),
    last_error: lastError
      ? { message: lastError.message, at: new Date(lastError.at).toISOString() }
      : null,
    cooling_down_until: now < coolingUntil ? new Date(coolingUntil).toISOString() : null,
  };
}

// --- internal ---

function describeState(
  live: ProviderLive,
  breakerState: BreakerState,
  now: number,
  hasCredential: boolean,
): ProviderSnapshot["state"] {
  if (live.checkStatus === "down") return "unhealthy";
  if (!hasCredential) return "no_credentials";
  if (breakerState === "open") return "open";
  if (now < live.coolingUntil) return "cooling_down";
  if (breakerState === "half_open") return "half_open";
  if (live.slots && live.slots.inUse() >= live.slots.capacity) return "at_capacity";
  return "available";
}
