// The live state of one provider: concurrency slots, breaker, 429 cool-down, active-check
// verdict, and the latency / error figures that strategies and /admin/providers read.

import type { ProviderConfig } from "../config/index.ts";
import type { BreakerSettings, CircuitBreaker } from "./circuit-breaker.ts";
import { liveFor, type ProviderLive } from "./provider-live.ts";
import { type ProviderSnapshot, snapshotOf } from "./provider-snapshot.ts";
import type { Permit, Semaphore } from "./semaphore.ts";

export type Outcome =
  /** The provider answered (2xx-4xx other than 401/403/429); `firstByteMs` feeds the EWMA. */
  | { kind: "answered"; status: number; firstByteMs: number }
  | { kind: "rate_limited"; retryAfterMs: number | undefined }
  | { kind: "auth_failed"; status: number }
  | { kind: "failed"; message: string };

/** A state change worth one log line (never logged per request). */
export type StateChange = { provider: string; level: "info" | "warn"; message: string };

export type ProviderState = {
  readonly config: ProviderConfig;
  readonly name: string;
  /** What it has learnt while serving; a reload that keeps the provider carries it. */
  readonly live: ProviderLive;
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
  /** Another instance's breaker for this provider opened for `cooldownMs` from now. */
  openedElsewhere(cooldownMs: number, reason: string, now: number): void;
  snapshot(now: number): ProviderSnapshot;
};

/** What `begin` handed out: whether the attempt is the half-open probe, and when it began. */
type Begun = { probe: boolean; at: number };

export type ProviderStateOptions = {
  breaker: BreakerSettings;
  onChange: (change: StateChange) => void;
  /** False while every upstream credential of the provider is benched or cooling down. */
  hasUsableCredential?: () => boolean;
  /** The live state of the same provider before a reload, when there was one. */
  previous?: ProviderLive | undefined;
  /** This instance's breaker opened (shared.redis passes it on to the other instances). */
  onOpened?: (cooldownMs: number, reason: string) => void;
};

// Weight of the newest first-byte sample in the moving average.
const ewmaAlpha = 0.3;

export function createProviderState(
  config: ProviderConfig,
  options: ProviderStateOptions,
): ProviderState {
  const name = config.name;
  const live = liveFor(config, options.breaker, options.previous);
  const { breaker } = live;
  const changed = (level: "info" | "warn", message: string): void =>
    options.onChange({ provider: name, level, message });
  const noteTransition = (transition: ReturnType<CircuitBreaker["recordSuccess"]>): void => {
    if (!transition) return;
    if (transition.to === "open") {
      const seconds = Math.round(options.breaker.cooldownMs / 1000);
      changed("warn", `circuit opened: ${transition.reason}; next probe in ${seconds}s`);
      options.onOpened?.(options.breaker.cooldownMs, transition.reason);
    } else {
      changed("info", `circuit closed: ${transition.reason}`);
    }
  };
  const hasCredential = options.hasUsableCredential ?? (() => true);
  const isAvailable = (now: number): boolean =>
    live.checkStatus !== "down" &&
    now >= live.coolingUntil &&
    breaker.admits(now) &&
    hasCredential();

  return {
    config,
    name,
    live,
    get slots() {
      return live.slots;
    },
    isAvailable,
    availableAgainAt(now) {
      if (live.checkStatus === "down") return undefined;
      const reopens = breaker.reopensAt();
      return Math.max(live.coolingUntil, reopens ?? 0, now);
    },
    inFlight: () => live.inFlight,
    ewmaFirstByteMs: () => live.ewma,
    lastPickedAt: () => live.pickedAt,
    begin(now) {
      live.inFlight++;
      live.requests++;
      live.pickedAt = now;
      const probe = breaker.state(now) === "half_open";
      if (probe) breaker.claimProbe(now);
      return { probe, at: now };
    },
    end(outcome, begun, now) {
      live.inFlight--;
      if (outcome === undefined) {
        if (begun.probe) breaker.abandonProbe();
        return;
      }
      noteTransition(recordOutcome(live, outcome, begun, now, changed));
    },
    setCheckResult(healthy, detail, now) {
      const next = healthy ? "up" : "down";
      if (next === live.checkStatus) return;
      const previous = live.checkStatus;
      live.checkStatus = next;
      if (!healthy) {
        live.lastError = { message: `health check: ${detail}`, at: now };
        changed("warn", `health check failed (${detail}): taken out of rotation`);
      } else if (previous === "down") {
        changed("info", "health check passed: back in rotation");
      }
    },
    reset() {
      breaker.reset();
      live.coolingUntil = 0;
      changed("info", "reset by an admin: circuit closed, cool-down cleared");
    },
    openedElsewhere(cooldownMs, reason, now) {
      if (!breaker.openFor(cooldownMs, now)) return;
      const seconds = Math.round(cooldownMs / 1000);
      changed("warn", `circuit opened by another instance (${reason}); next probe in ${seconds}s`);
    },
    snapshot: (now) => snapshotOf(config, live, now, hasCredential()),
  };
}

export type { Permit, ProviderSnapshot };

// --- internal ---

type Changed = (level: "info" | "warn", message: string) => void;

function recordOutcome(
  live: ProviderLive,
  outcome: Outcome,
  begun: Begun,
  now: number,
  changed: Changed,
): ReturnType<CircuitBreaker["recordSuccess"]> {
  const { breaker, errors } = live;
  switch (outcome.kind) {
    case "answered":
      live.ewma =
        live.ewma === undefined
          ? outcome.firstByteMs
          : live.ewma + ewmaAlpha * (outcome.firstByteMs - live.ewma);
      // asked after the 429 and answered: the upstream takes traffic again
      if (outcome.status < 300 && begun.at >= live.coolingSince) live.coolingUntil = 0;
      return breaker.recordSuccess(now);
    case "rate_limited":
      errors.rate_limited++;
      live.lastError = { message: "429 rate limited", at: now };
      coolDown(live, outcome.retryAfterMs, now, changed);
      return breaker.recordFailure("rate_limit", now);
    case "auth_failed":
      errors.auth++;
      live.lastError = { message: `${outcome.status} authentication failed`, at: now };
      return breaker.recordFailure("auth", now);
    case "failed":
      errors.server++;
      live.lastError = { message: outcome.message, at: now };
      return breaker.recordFailure("error", now);
  }
}

function coolDown(
  live: ProviderLive,
  retryAfterMs: number | undefined,
  now: number,
  changed: Changed,
): void {
  if (retryAfterMs === undefined || retryAfterMs <= 0) return;
  const wasCooling = now < live.coolingUntil;
  live.coolingUntil = Math.max(live.coolingUntil, now + retryAfterMs);
  live.coolingSince = now;
  if (!wasCooling) {
    const seconds = Math.ceil(retryAfterMs / 1000);
    changed("warn", `rate limited (429): cooling down for ${seconds}s (retry-after)`);
  }
}
