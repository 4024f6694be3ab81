// Per request: the route's available providers in strategy order (fallback_only last), handed
// out one at a time, each with a concurrency slot held until the attempt is over.

import type { Config } from "../config/index.ts";
import { type Clock, ProxyError } from "../shared/index.ts";
import {
  createProviderState,
  type Outcome,
  type ProviderSnapshot,
  type ProviderState,
  type StateChange,
} from "./provider-state.ts";
import { createRouteTable } from "./route-table.ts";
import type { Permit } from "./semaphore.ts";

/** A provider picked for one attempt. `finish` must be called exactly once. */
export type Lease = {
  provider: ProviderState;
  finish(outcome: Outcome | undefined): void;
};

export type RequestPlan = {
  /** The next provider to try; may wait up to routing.slot_wait per provider at capacity. */
  next(signal: AbortSignal): Promise<Lease | undefined>;
  /** The same provider once more (another credential of its pool), with a fresh slot. */
  again(provider: ProviderState, signal: AbortSignal): Promise<Lease | undefined>;
  /** Why nothing could be tried (every candidate at capacity or unavailable). */
  exhausted(): ProxyError;
};

export type Balancer = {
  providers: readonly ProviderState[];
  /** Throws model_not_found when nothing serves the model, no_healthy_provider when none is up. */
  plan(model: string | undefined): RequestPlan;
  /** Every provider the model's route may use, available or not; empty when none serves it. */
  servingProviders(model: string | undefined): readonly ProviderState[];
  /** Names of providers that could take a request now. */
  availableNames(): string[];
  snapshot(): ProviderSnapshot[];
  /** Closes a provider's breaker and clears its cool-down; false when there is no such name. */
  reset(name: string): boolean;
};

export type BalancerOptions = {
  clock: Clock;
  onChange: (change: StateChange) => void;
  /** Whether a provider has an upstream credential it can use now (credential pools). */
  hasUsableCredential?: (provider: string) => boolean;
};

export function createBalancer(config: Config, options: BalancerOptions): Balancer {
  const { clock } = options;
  const breaker = {
    failures: config.routing.circuit_breaker.failures,
    windowMs: config.routing.circuit_breaker.window,
    cooldownMs: config.routing.circuit_breaker.cooldown,
  };
  const providers = config.providers.map((provider) => {
    const usable = options.hasUsableCredential;
    return createProviderState(provider, {
      breaker,
      onChange: options.onChange,
      ...(usable ? { hasUsableCredential: () => usable(provider.name) } : {}),
    });
  });
  const routes = createRouteTable(config, providers);
  const slotWaitMs = config.routing.slot_wait;

  return {
    providers,
    servingProviders: (model) => routes.match(model)?.providers ?? [],
    plan(model) {
      const route = routes.match(model);
      if (!route) {
        throw new ProxyError("model_not_found", `no provider serves model "${model}"`, {
          param: "model",
        });
      }
      const now = clock.now();
      const up = route.providers.filter((provider) => provider.isAvailable(now));
      if (up.length === 0) throw noHealthyProvider(route.providers, now);
      const primaries = up.filter((provider) => !provider.config.fallback_only);
      const fallbacks = up.filter((provider) => provider.config.fallback_only);
      const ordered = [...route.strategy.order(primaries, now), ...fallbacks];
      return createPlan(ordered, slotWaitMs, clock);
    },
    availableNames() {
      const now = clock.now();
      return providers.filter((provider) => provider.isAvailable(now)).map((p) => p.name);
    },
    snapshot() {
      const now = clock.now();
      return providers.map((provider) => provider.snapshot(now));
    },
    reset(name) {
      const provider = providers.find((candidate) => candidate.name === name);
      provider?.reset();
      return provider !== undefined;
    },
  };
}

// --- internal ---

function createPlan(ordered: ProviderState[], slotWaitMs: number, clock: Clock): RequestPlan {
  let position = 0;
  const busy: string[] = [];
  const skipped: string[] = [];
  const take = async (
    provider: ProviderState,
    signal: AbortSignal,
  ): Promise<Lease | "aborted" | undefined> => {
    let permit: Permit | undefined;
    if (provider.slots) {
      const slot = await provider.slots.acquire(slotWaitMs, signal);
      if (!slot.ok) {
        if (slot.reason === "aborted") return "aborted";
        busy.push(provider.name);
        return undefined;
      }
      permit = slot.permit;
    }
    // state may have changed while this request waited for the slot
    if (!provider.isAvailable(clock.now())) {
      permit?.release();
      skipped.push(provider.name);
      return undefined;
    }
    return lease(provider, permit, clock);
  };
  return {
    async next(signal) {
      while (position < ordered.length) {
        const taken = await take(ordered[position++] as ProviderState, signal);
        if (taken === "aborted") return undefined;
        if (taken) return taken;
      }
      return undefined;
    },
    async again(provider, signal) {
      const taken = await take(provider, signal);
      return taken === "aborted" ? undefined : taken;
    },
    exhausted() {
      if (busy.length > 0) {
        return new ProxyError(
          "providers_busy",
          `every provider is at max_concurrent (${busy.join(", ")}); waited routing.slot_wait (${slotWaitMs} ms) for each`,
          { headers: { "retry-after": "1" } },
        );
      }
      return new ProxyError(
        "no_healthy_provider",
        `no provider is available (${skipped.join(", ") || "none left"})`,
        { headers: { "retry-after": "1" } },
      );
    },
  };
}

function lease(provider: ProviderState, permit: Permit | undefined, clock: Clock): Lease {
  const { probe } = provider.begin(clock.now());
  let finished = false;
  return {
    provider,
    finish(outcome) {
      if (finished) return;
      finished = true;
      provider.end(outcome, probe, clock.now());
      permit?.release();
    },
  };
}

function noHealthyProvider(providers: readonly ProviderState[], now: number): ProxyError {
  const times = providers
    .map((provider) => provider.availableAgainAt(now))
    .filter((time): time is number => time !== undefined);
  const soonest = times.length > 0 ? Math.min(...times) : now + 30_000;
  const seconds = Math.max(1, Math.ceil((soonest - now) / 1000));
  const names = providers.map((provider) => provider.name).join(", ");
  return new ProxyError(
    "no_healthy_provider",
    `no healthy provider for this request (${names}: circuit open, cooling down or failing health checks)`,
    { headers: { "retry-after": String(seconds) } },
  );
}
