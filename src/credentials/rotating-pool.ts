// Round-robin over credentials, benching ones the upstream refused and cooling down rate-limited ones.

import type { Clock } from "../shared/index.ts";
import type {
  CredentialLease,
  CredentialOutcome,
  CredentialPool,
  CredentialSnapshot,
} from "./types.ts";

/** One credential of a pool, whatever its source (static key, signed JWT, OAuth2 token). */
export type PoolMember = {
  name: string;
  /** Changes whenever the secret behind the member changes; a reload carries state by it. */
  fingerprint: string;
  /** Whether a 401/403 benches it until reset; false when a fresh token may work where the old failed. */
  benchOnAuthFailure: boolean;
  /** Signs or fetches what `apply` needs; throws ProxyError when it cannot. */
  prepare(): Promise<PreparedCredential>;
};

export type PreparedCredential = {
  apply(headers: Headers): void;
  /** Drops this token from the cache after the upstream refused it. */
  invalidate(): void;
};

/** Cooldown after a 429 without a usable Retry-After. */
const defaultCooldownMs = 30_000;

export function createRotatingPool(
  members: PoolMember[],
  clock: Clock,
  previous?: CredentialPool,
): CredentialPool {
  // a credential keeps its benched and cool-down state across a reload only while its value stays
  const before = previous?.memories();
  const states = members.map(
    (member): MemberState => ({
      member,
      // every lease of this pool is lent after any 429 the previous one saw
      coolingSinceMs: 0,
      ...(before?.get(member.fingerprint) ?? {
        benched: false,
        coolingUntilMs: 0,
        requests: 0,
        failures: 0,
      }),
    }),
  );
  let cursor = 0;
  const lend = async (state: MemberState): Promise<CredentialLease> => {
    const prepared = await state.member.prepare();
    state.requests++;
    return toLease(state, prepared, clock, clock.now());
  };
  const isUsable = (state: MemberState, now: number): boolean =>
    !state.benched && state.coolingUntilMs <= now;

  return {
    async acquire(exclude, options) {
      const now = clock.now();
      for (let step = 0; step < states.length; step++) {
        const index = (cursor + step) % states.length;
        const state = states[index] as MemberState;
        if (!isUsable(state, now) || exclude.has(state.member.name)) continue;
        cursor = index + 1;
        return lend(state);
      }
      const soonest = options?.panic ? soonestCooled(states, exclude) : undefined;
      return soonest && lend(soonest);
    },
    hasUsable() {
      const now = clock.now();
      return states.some((state) => isUsable(state, now));
    },
    snapshot() {
      const now = clock.now();
      return states.map((state) => toSnapshot(state, now));
    },
    reset() {
      for (const state of states) state.benched = false;
    },
    memories: () =>
      new Map(
        states.map((state) => [
          state.member.fingerprint,
          {
            benched: state.benched,
            coolingUntilMs: state.coolingUntilMs,
            requests: state.requests,
            failures: state.failures,
          },
        ]),
      ),
  };
}

// --- internal ---

type MemberState = {
  member: PoolMember;
  benched: boolean;
  coolingUntilMs: number;
  /** When the last 429 came: only a request lent since then may end the cool-down. */
  coolingSinceMs: number;
  requests: number;
  failures: number;
};

/** The panic pass: of the credentials only cooling down (never the benched), the one back first. */
function soonestCooled(
  states: readonly MemberState[],
  exclude: ReadonlySet<string>,
): MemberState | undefined {
  let best: MemberState | undefined;
  for (const state of states) {
    if (state.benched || exclude.has(state.member.name)) continue;
    if (!best || state.coolingUntilMs < best.coolingUntilMs) best = state;
  }
  return best;
}

function toLease(
  state: MemberState,
  prepared: PreparedCredential,
  clock: Clock,
  lentAt: number,
): CredentialLease {
  let reported = false;
  return {
    name: state.member.name,
    apply: (headers) => prepared.apply(headers),
    report(outcome) {
      if (reported) return;
      reported = true;
      if (outcome) recordOutcome(state, prepared, outcome, { lentAt, now: clock.now() });
    },
  };
}

function recordOutcome(
  state: MemberState,
  prepared: PreparedCredential,
  outcome: CredentialOutcome,
  { lentAt, now }: { lentAt: number; now: number },
): void {
  if (outcome.kind === "ok") {
    // a success of a request sent after the 429 (a panic pass): the upstream takes it again; one
    // sent before the 429 says nothing about now (the provider level keeps the same rule)
    const succeeded = outcome.status !== undefined && outcome.status < 300;
    if (succeeded && lentAt >= state.coolingSinceMs) state.coolingUntilMs = 0;
    return;
  }
  state.failures++;
  if (outcome.kind === "auth_failed") {
    prepared.invalidate();
    if (state.member.benchOnAuthFailure) state.benched = true;
    return;
  }
  const retryAfterMs = outcome.retryAfterMs;
  const cooldownMs =
    retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
      ? retryAfterMs
      : defaultCooldownMs;
  state.coolingUntilMs = Math.max(state.coolingUntilMs, now + cooldownMs);
  state.coolingSinceMs = now;
}

function toSnapshot(state: MemberState, now: number): CredentialSnapshot {
  const cooling = state.coolingUntilMs > now;
  return {
    name: state.member.name,
    state: state.benched ? "benched" : cooling ? "cooling_down" : "ok",
    requests: state.requests,
    failures: state.failures,
    cooling_down_until: cooling ? new Date(state.coolingUntilMs).toISOString() : null,
  };
}
