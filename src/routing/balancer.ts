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
  /** Picked by the panic pass: every candidate was out, this one comes back soonest. */
  panic: boolean;
  finish(outcome: Outcome | undefined): void;
};

export type RequestPlan = {
  /** The next provider to try; may wait up to routing.slot_wait per provider at capacity. */
  next(signal: AbortSignal): Promise<Lease | undefined>;
  /** The same provider once more (another credential of its pool), with a fresh slot. */
  again(provider: ProviderState, signal: AbortSignal): Promise<Lease | undefined>;
  /** Why nothing could be tried (every candidate at capacity, or no credential to use). */
  exhausted(): ProxyError;
};

export type Balancer = {
  providers: readonly ProviderState[];
  /**
   * Throws model_not_found when nothing serves the model; never refuses for health. `only`
   * limits the candidates (a budgeted caller's priced providers).
   */
  plan(model: string | undefined, only?: ReadonlySet<string>): RequestPlan;
  /** Every provider the model's route may use, available or not; empty when none serves it. */
  servingProviders(model: string | undefined): readonly ProviderState[];
  snapshot(): ProviderSnapshot[];
  /** Closes a provider's breaker and clears its cool-down; false when there is no such name. */
  reset(name: string): boolean;
  /** Another instance's breaker for `name` opened: this one opens too, for what is left. */
  openedElsewhere(name: string, cooldownMs: number, reason: string): void;
};

export type BalancerOptions = {
  clock: Clock;
  onChange: (change: StateChange) => void;
  /** Whether a provider has an upstream credential it can use now (credential pools). */
  hasUsableCredential?: (provider: string) => boolean;
  /** A request went to a provider by the panic pass (for llm_proxy_panic_routed_total). */
  onPanic?: (provider: string) => void;
  /** The balancer before a reload: providers that keep their name and base_url keep their state. */
  previous?: Balancer | undefined;
  /** A provider's breaker opened here (shared.redis tells the other instances). */
  onBreakerOpened?: (provider: string, cooldownMs: number, reason: string) => void;
};

export function createBalancer(config: Config, options: BalancerOptions): Balancer {
  const { clock } = options;
  const breaker = {
    failures: config.routing.circuit_breaker.failures,
    windowMs: config.routing.circuit_breaker.window,
    cooldownMs: config.routing.circuit_breaker.cooldown,
  };
  const before = new Map(options.previous?.providers.map((state) => [state.name, state.live]));
  const providers = config.providers.map((provider) => {
    const usable = options.hasUsableCredential;
    const opened = options.onBreakerOpened;
    return createProviderState(provider, {
      breaker,
      onChange: options.onChange,
      previous: before.get(provider.name),
      ...(usable ? { hasUsableCredential: () => usable(provider.name) } : {}),
      ...(opened ? { onOpened: (ms: number, why: string) => opened(provider.name, ms, why) } : {}),
    });
  });
  const routes = createRouteTable(config, providers);
  const slotWaitMs = config.routing.slot_wait;

  return {
    providers,
    servingProviders: (model) => routes.match(model)?.providers ?? [],
    plan(model, only) {
      const route = routes.match(model);
      if (!route) {
        throw new ProxyError("model_not_found", `no provider serves model "${model}"`, {
          param: "model",
        });
      }
      const now = clock.now();
      const serving = only
        ? route.providers.filter((provider) => only.has(provider.name))
        : route.providers;
      const up = serving.filter((provider) => provider.isAvailable(now));
      const primaries = up.filter((provider) => !provider.config.fallback_only);
      const fallbacks = up.filter((provider) => provider.config.fallback_only);
      const ordered = [...route.strategy.order(primaries, now), ...fallbacks];
      return createPlan(ordered, serving, { slotWaitMs, clock, onPanic: options.onPanic });
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
    openedElsewhere(name, cooldownMs, reason) {
      const provider = providers.find((candidate) => candidate.name === name);
      provider?.openedElsewhere(cooldownMs, reason, clock.now());
    },
  };
}

// --- internal ---

type PlanOptions = {
  slotWaitMs: number;
  clock: Clock;
  onPanic: ((provider: string) => void) | undefined;
};

function createPlan(
  ordered: ProviderState[],
  routeProviders: readonly ProviderState[],
  options: PlanOptions,
): RequestPlan {
  const { slotWaitMs, clock } = options;
  let position = 0;
  let leased = 0;
  let panicked = false;
  const busy: string[] = [];
  const take = async (
    provider: ProviderState,
    signal: AbortSignal,
    panic: boolean,
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
    if (!panic && !provider.isAvailable(clock.now())) {
      permit?.release();
      return undefined;
    }
    leased++;
    if (panic) options.onPanic?.(provider.name);
    return lease(provider, permit, clock, panic);
  };
  // Envoy's panic threshold, at zero: with no candidate available and none at capacity, the
  // request goes to the one whose cooldown, open breaker or failing check ends soonest
  const panicPass = (signal: AbortSignal) => {
    panicked = true;
    const soonest = soonestBack(routeProviders, clock.now());
    return soonest ? take(soonest, signal, true) : Promise.resolve(undefined);
  };
  return {
    async next(signal) {
      while (position < ordered.length) {
        const taken = await take(ordered[position++] as ProviderState, signal, false);
        if (taken === "aborted") return undefined;
        if (taken) return taken;
      }
      if (leased > 0 || panicked || busy.length > 0) return undefined;
      const taken = await panicPass(signal);
      return taken === "aborted" ? undefined : taken;
    },
    async again(provider, signal) {
      const taken = await take(provider, signal, panicked);
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
      const names = routeProviders.map((provider) => provider.name).join(", ");
      return new ProxyError(
        "upstream_error",
        `no provider had a credential to use (${names}): every one was refused with 401/403; fix them and POST /admin/providers/NAME/reset-credentials`,
      );
    },
  };
}

/** The provider back soonest; one failing its health check (no known end) only if all are. */
function soonestBack(providers: readonly ProviderState[], now: number): ProviderState | undefined {
  let best: ProviderState | undefined;
  let bestAt = Number.POSITIVE_INFINITY;
  for (const provider of providers) {
    const at = provider.availableAgainAt(now) ?? Number.POSITIVE_INFINITY;
    if (best === undefined || at < bestAt) {
      best = provider;
      bestAt = at;
    }
  }
  return best;
}

function lease(
  provider: ProviderState,
  permit: Permit | undefined,
  clock: Clock,
  panic: boolean,
): Lease {
  const begun = provider.begin(clock.now());
  let finished = false;
  return {
    provider,
    panic,
    finish(outcome) {
      if (finished) return;
      finished = true;
      provider.end(outcome, begun, clock.now());
      permit?.release();
    },
  };
}
