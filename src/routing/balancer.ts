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
      const primaries: ProviderState[] = [];
      let fallbacks: ProviderState[] | undefined;
      for (const provider of serving) {
        if (!provider.isAvailable(now)) continue;
        if (!provider.config.fallback_only) primaries.push(provider);
        else {
          fallbacks ??= [];
          fallbacks.push(provider);
        }
      }
      // every strategy hands back an array of its own: the fallbacks go on its end
      const ordered = route.strategy.order(primaries, now);
      if (fallbacks) ordered.push(...fallbacks);
      return new Plan(ordered, serving, { slotWaitMs, clock, onPanic: options.onPanic });
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

/** One request's way through its providers; a class, as every request makes one. */
class Plan implements RequestPlan {
  private position = 0;
  private leased = 0;
  private panicked = false;
  private readonly busy: string[] = [];

  constructor(
    private readonly ordered: readonly ProviderState[],
    private readonly routeProviders: readonly ProviderState[],
    private readonly options: PlanOptions,
  ) {}

  async next(signal: AbortSignal): Promise<Lease | undefined> {
    const { ordered } = this;
    while (this.position < ordered.length) {
      const taken = await this.take(ordered[this.position++] as ProviderState, signal, false);
      if (taken === "aborted") return undefined;
      if (taken) return taken;
    }
    if (this.leased > 0 || this.panicked || this.busy.length > 0) return undefined;
    const taken = await this.panicPass(signal);
    return taken === "aborted" ? undefined : taken;
  }

  async again(provider: ProviderState, signal: AbortSignal): Promise<Lease | undefined> {
    const taken = await this.take(provider, signal, this.panicked);
    return taken === "aborted" ? undefined : taken;
  }

  exhausted(): ProxyError {
    const { busy } = this;
    if (busy.length > 0) {
      return new ProxyError(
        "providers_busy",
        `every provider is at max_concurrent (${busy.join(", ")}); waited routing.slot_wait (${this.options.slotWaitMs} ms) for each`,
        { headers: { "retry-after": "1" } },
      );
    }
    const names = this.routeProviders.map((provider) => provider.name).join(", ");
    return new ProxyError(
      "upstream_error",
      `no provider had a credential to use (${names}): every one was refused with 401/403; fix them and POST /admin/providers/NAME/reset-credentials`,
    );
  }

  private async take(
    provider: ProviderState,
    signal: AbortSignal,
    panic: boolean,
  ): Promise<Lease | "aborted" | undefined> {
    const { clock } = this.options;
    let permit: Permit | undefined;
    if (provider.slots) {
      const slot = await provider.slots.acquire(this.options.slotWaitMs, signal);
      if (!slot.ok) {
        if (slot.reason === "aborted") return "aborted";
        this.busy.push(provider.name);
        return undefined;
      }
      permit = slot.permit;
    }
    // state may have changed while this request waited for the slot
    if (!panic && !provider.isAvailable(clock.now())) {
      permit?.release();
      return undefined;
    }
    this.leased++;
    if (panic) this.options.onPanic?.(provider.name);
    return new ProviderLease(provider, permit, clock, panic);
  }

  // Envoy's panic threshold, at zero: with no candidate available and none at capacity, the
  // request goes to the one whose cooldown, open breaker or failing check ends soonest
  private panicPass(signal: AbortSignal): Promise<Lease | "aborted" | undefined> {
    this.panicked = true;
    const soonest = soonestBack(this.routeProviders, this.options.clock.now());
    return soonest ? this.take(soonest, signal, true) : Promise.resolve(undefined);
  }
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

class ProviderLease implements Lease {
  private readonly begun: ReturnType<ProviderState["begin"]>;
  private finished = false;

  constructor(
    readonly provider: ProviderState,
    private readonly permit: Permit | undefined,
    private readonly clock: Clock,
    readonly panic: boolean,
  ) {
    this.begun = provider.begin(clock.now());
  }

  finish(outcome: Outcome | undefined): void {
    if (this.finished) return;
    this.finished = true;
    this.provider.end(outcome, this.begun, this.clock.now());
    this.permit?.release();
  }
}
