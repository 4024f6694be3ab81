// Passive health: a per-provider breaker that opens after too many failures of one kind within
// a window, stays open for a cooldown, then lets exactly one probe request through.

type FailureKind = "error" | "rate_limit" | "auth";
export type BreakerState = "closed" | "open" | "half_open";

export type BreakerSettings = { failures: number; windowMs: number; cooldownMs: number };

export type BreakerTransition = { from: BreakerState; to: BreakerState; reason: string };

export type CircuitBreaker = {
  state(now: number): BreakerState;
  /** Whether a request may go to the provider now; in half-open, true for one probe only. */
  admits(now: number): boolean;
  /** Claims the half-open probe (call when the provider is actually picked). */
  claimProbe(now: number): void;
  /** The probe ended without an answer (client went away): another request may probe. */
  abandonProbe(): void;
  recordSuccess(now: number): BreakerTransition | undefined;
  recordFailure(kind: FailureKind, now: number): BreakerTransition | undefined;
  /** Failures of each kind inside the current window. */
  recentFailures(now: number): Record<FailureKind, number>;
  /** When an open breaker will let a probe through, or undefined when not open. */
  reopensAt(): number | undefined;
  /** A reload's new settings; the state (open, failures so far) stays. */
  configure(next: BreakerSettings): void;
  /** Closes the breaker and forgets recent failures (admin reset). */
  reset(): void;
  /**
   * Opens a closed breaker so that its next probe comes in `remainingMs` (another instance's
   * breaker opened: its evidence protects this one too); an open or half-open one stays as it is.
   */
  openFor(remainingMs: number, now: number): BreakerTransition | undefined;
};

export function createCircuitBreaker(initial: BreakerSettings): CircuitBreaker {
  let settings = initial;
  let openedAt: number | undefined;
  let probing = false;
  const failures: Record<FailureKind, number[]> = { error: [], rate_limit: [], auth: [] };

  const prune = (now: number): void => {
    const oldest = now - settings.windowMs;
    for (const times of Object.values(failures)) {
      while (times.length > 0 && (times[0] as number) <= oldest) times.shift();
    }
  };
  const state = (now: number): BreakerState => {
    if (openedAt === undefined) return "closed";
    return now - openedAt >= settings.cooldownMs ? "half_open" : "open";
  };
  const open = (now: number, from: BreakerState, reason: string): BreakerTransition => {
    openedAt = now;
    probing = false;
    for (const times of Object.values(failures)) times.length = 0;
    return { from, to: "open", reason };
  };

  return {
    state,
    admits(now) {
      const current = state(now);
      return current === "closed" || (current === "half_open" && !probing);
    },
    claimProbe(now) {
      if (state(now) === "half_open") probing = true;
    },
    abandonProbe() {
      probing = false;
    },
    recordSuccess(now) {
      const from = state(now);
      if (from === "closed") return undefined;
      openedAt = undefined;
      probing = false;
      return { from, to: "closed", reason: "a request succeeded" };
    },
    recordFailure(kind, now) {
      const from = state(now);
      if (from === "half_open") return open(now, from, `the probe request failed (${kind})`);
      if (from === "open") return undefined;
      prune(now);
      const times = failures[kind];
      times.push(now);
      if (times.length < settings.failures) return undefined;
      const seconds = Math.round(settings.windowMs / 1000);
      return open(now, from, `${times.length} ${describeKind(kind)} within ${seconds}s`);
    },
    recentFailures(now) {
      prune(now);
      return {
        error: failures.error.length,
        rate_limit: failures.rate_limit.length,
        auth: failures.auth.length,
      };
    },
    reopensAt: () => (openedAt === undefined ? undefined : openedAt + settings.cooldownMs),
    configure(next) {
      settings = next;
    },
    reset() {
      openedAt = undefined;
      probing = false;
      for (const times of Object.values(failures)) times.length = 0;
    },
    openFor(remainingMs, now) {
      if (state(now) !== "closed") return undefined;
      const transition = open(now, "closed", "opened by another instance");
      openedAt = now - settings.cooldownMs + Math.min(remainingMs, settings.cooldownMs);
      return transition;
    },
  };
}

// --- internal ---

function describeKind(kind: FailureKind): string {
  switch (kind) {
    case "error":
      return "errors (5xx, timeouts, connection failures)";
    case "rate_limit":
      return "rate limits (429)";
    case "auth":
      return "authentication failures (401/403)";
  }
}
