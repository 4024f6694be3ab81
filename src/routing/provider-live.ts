// What a provider has learnt while serving: breaker, 429 cool-down, active-check verdict, slots,
// latency and counts. One object, so that a reload which keeps the provider (same name and
// base_url) hands it to the new config's state unchanged.

import type { ProviderConfig } from "../config/index.ts";
import {
  type BreakerSettings,
  type CircuitBreaker,
  createCircuitBreaker,
} from "./circuit-breaker.ts";
import { createSemaphore, type Semaphore } from "./semaphore.ts";

export type ProviderLive = {
  /** name and base_url: a reload carries the live state only to the same identity. */
  identity: string;
  breaker: CircuitBreaker;
  slots: Semaphore | undefined;
  inFlight: number;
  coolingUntil: number;
  coolingSince: number;
  checkStatus: "unknown" | "up" | "down";
  ewma: number | undefined;
  pickedAt: number | undefined;
  requests: number;
  errors: { server: number; rate_limited: number; auth: number };
  lastError: { message: string; at: number } | undefined;
};

export function identityOf(config: ProviderConfig): string {
  return `${config.name}\n${config.base_url ?? ""}`;
}

/** The previous live state when it belongs to this provider (new settings applied), else new. */
export function liveFor(
  config: ProviderConfig,
  breaker: BreakerSettings,
  previous: ProviderLive | undefined,
): ProviderLive {
  if (previous === undefined || previous.identity !== identityOf(config)) {
    return {
      identity: identityOf(config),
      breaker: createCircuitBreaker(breaker),
      slots: slotsFor(config.max_concurrent, undefined),
      inFlight: 0,
      coolingUntil: 0,
      coolingSince: 0,
      checkStatus: "unknown",
      ewma: undefined,
      pickedAt: undefined,
      requests: 0,
      errors: { server: 0, rate_limited: 0, auth: 0 },
      lastError: undefined,
    };
  }
  previous.breaker.configure(breaker);
  previous.slots = slotsFor(config.max_concurrent, previous.slots);
  return previous;
}

// --- internal ---

/** Slots held on the old semaphore are given back to it, so a kept one is resized, not replaced. */
function slotsFor(
  maxConcurrent: number | undefined,
  kept: Semaphore | undefined,
): Semaphore | undefined {
  if (maxConcurrent === undefined) return undefined;
  if (kept === undefined) return createSemaphore({ capacity: maxConcurrent });
  kept.resize(maxConcurrent);
  return kept;
}
