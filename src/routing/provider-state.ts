// The live state of one provider: concurrency slots, breaker, 429 cool-down, active-check
// verdict, and the latency / error figures that strategies and /admin/providers read.

import type { ProviderConfig } from "../config/index.ts";
import {
  type BreakerSettings,
  type BreakerState,
  type CircuitBreaker,
  createCircuitBreaker,
} from "./circuit-breaker.ts";
import { createSemaphore, type Permit, type Semaphore } from "./semaphore.ts";

export type Outcome =
  /** The provider answered (2xx-4xx other than 401/403/429); `firstByteMs` feeds the EWMA. */
  | { kind: "answered"; status: number; firstByteMs: number }
  | { kind: "rate_limited"; retryAfterMs: number | undefined }
  | { kind: "auth_failed"; status: number }
  | { kind: "failed"; message: string };

/** A state change worth one log line (never logged per request). */
export type StateChange = { provider: string; level: "info" | "warn"; message: string };

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

export type ProviderState = {
  readonly config: ProviderConfig;
  readonly name: string;
  /** Not excluded by breaker, cool-down or active check (capacity is checked separately). */
  isAvailable(now: number): boolean;
  /** When an unavailable provider may take traffic again (undefined: unknown, e.g. check down). */
  availableAgainAt(now: number): number | undefined;
  inFlight(): number;
  /** EWMA of time to first byte, undefined before the first sample. */
  ewmaFirstByteMs(): number | undefined;
  lastPickedAt(): number | undefined;
  slots: Semaphore | undefined;
  /** Marks the provider as picked for a request (claims the half-open probe). */
  begin(now: number): Begun;
  /** One attempt finished: updates the breaker, cool-down and figures. */
  end(outcome: Outcome | undefined, begun: Begun, now: number): void;
  setCheckResult(healthy: boolean, detail: string, now: number): void;
  /** Closes the breaker and ends the 429 cool-down (admin reset); the active check stays. */
  reset(): void;
  snapshot(now: number): ProviderSnapshot;
};

/** What `begin` handed out: whether the attempt is the half-open probe, and when it began. */
export type Begun = { probe: boolean; at: number };

export type ProviderStateOptions = {
  breaker: BreakerSettings;
  onChange: (change: StateChange) => void;
  /** False while every upstream credential of the provider is benched or cooling down. */
  hasUsableCredential?: () => boolean;
};

// Weight of the newest first-byte sample in the moving average.
const ewmaAlpha = 0.3;

export function createProviderState(
  config: ProviderConfig,
  options: ProviderStateOptions,
): ProviderState {
  const name = config.name;
  const breaker: CircuitBreaker = createCircuitBreaker(options.breaker);
  const slots: Semaphore | undefined =
    config.max_concurrent === undefined
      ? undefined
      : createSemaphore({ capacity: config.max_concurrent });
  let inFlight = 0;
  let coolingUntil = 0;
  let coolingSince = 0;
  let checkStatus: "unknown" | "up" | "down" = "unknown";
  let ewma: number | undefined;
  let pickedAt: number | undefined;
  let requests = 0;
  const errors = { server: 0, rate_limited: 0, auth: 0 };
  let lastError: { message: string; at: number } | undefined;

  const changed = (level: "info" | "warn", message: string): void =>
    options.onChange({ provider: name, level, message });

  const noteTransition = (transition: ReturnType<CircuitBreaker["recordSuccess"]>): void => {
    if (!transition) return;
    if (transition.to === "open") {
      const seconds = Math.round(options.breaker.cooldownMs / 1000);
      changed("warn", `circuit opened: ${transition.reason}; next probe in ${seconds}s`);
    } else {
      changed("info", `circuit closed: ${transition.reason}`);
    }
  };

  const hasCredential = options.hasUsableCredential ?? (() => true);
  const isAvailable = (now: number): boolean =>
    checkStatus !== "down" && now >= coolingUntil && breaker.admits(now) && hasCredential();

  return {
    config,
    name,
    slots,
    isAvailable,
    availableAgainAt(now) {
      if (checkStatus === "down") return undefined;
      const reopens = breaker.reopensAt();
      return Math.max(coolingUntil, reopens ?? 0, now);
    },
    inFlight: () => inFlight,
    ewmaFirstByteMs: () => ewma,
    lastPickedAt: () => pickedAt,
    begin(now) {
      inFlight++;
      requests++;
      pickedAt = now;
      const probe = breaker.state(now) === "half_open";
      if (probe) breaker.claimProbe(now);
      return { probe, at: now };
    },
    end(outcome, begun, now) {
      inFlight--;
      if (outcome === undefined) {
        if (begun.probe) breaker.abandonProbe();
        return;
      }
      switch (outcome.kind) {
        case "answered":
          ewma =
            ewma === undefined
              ? outcome.firstByteMs
              : ewma + ewmaAlpha * (outcome.firstByteMs - ewma);
          // asked after the 429 and answered: the upstream takes traffic again
          if (outcome.status < 300 && begun.at >= coolingSince) coolingUntil = 0;
          noteTransition(breaker.recordSuccess(now));
          return;
        case "rate_limited":
          errors.rate_limited++;
          lastError = { message: "429 rate limited", at: now };
          if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > 0) {
            const wasCooling = now < coolingUntil;
            coolingUntil = Math.max(coolingUntil, now + outcome.retryAfterMs);
            coolingSince = now;
            if (!wasCooling) {
              const seconds = Math.ceil(outcome.retryAfterMs / 1000);
              changed("warn", `rate limited (429): cooling down for ${seconds}s (retry-after)`);
            }
          }
          noteTransition(breaker.recordFailure("rate_limit", now));
          return;
        case "auth_failed":
          errors.auth++;
          lastError = { message: `${outcome.status} authentication failed`, at: now };
          noteTransition(breaker.recordFailure("auth", now));
          return;
        case "failed":
          errors.server++;
          lastError = { message: outcome.message, at: now };
          noteTransition(breaker.recordFailure("error", now));
          return;
      }
    },
    setCheckResult(healthy, detail, now) {
      const next = healthy ? "up" : "down";
      if (next === checkStatus) return;
      const previous = checkStatus;
      checkStatus = next;
      if (!healthy) {
        lastError = { message: `health check: ${detail}`, at: now };
        changed("warn", `health check failed (${detail}): taken out of rotation`);
      } else if (previous === "down") {
        changed("info", "health check passed: back in rotation");
      }
    },
    reset() {
      breaker.reset();
      coolingUntil = 0;
      changed("info", "reset by an admin: circuit closed, cool-down cleared");
    },
    snapshot(now) {
      const breakerState = breaker.state(now);
      return {
        name,
        type: config.type,
        state: describeState(),
        breaker: breakerState,
        health_check: checkStatus,
        in_flight: inFlight,
        slots_in_use: slots ? slots.inUse() : null,
        max_concurrent: config.max_concurrent ?? null,
        weight: config.weight,
        fallback_only: config.fallback_only,
        ewma_first_byte_ms: ewma === undefined ? null : Math.round(ewma * 10) / 10,
        requests,
        errors: { ...errors },
        recent_failures: breaker.recentFailures(now),
        last_error: lastError
          ? { message: lastError.message, at: new Date(lastError.at).toISOString() }
          : null,
        cooling_down_until: now < coolingUntil ? new Date(coolingUntil).toISOString() : null,
      };

      function describeState(): ProviderSnapshot["state"] {
        if (checkStatus === "down") return "unhealthy";
        if (!hasCredential()) return "no_credentials";
        if (breakerState === "open") return "open";
        if (now < coolingUntil) return "cooling_down";
        if (breakerState === "half_open") return "half_open";
        if (slots && slots.inUse() >= slots.capacity) return "at_capacity";
        return "available";
      }
    },
  };
}

export type { Permit };
