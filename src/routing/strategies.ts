// Balancer strategies: order a route's available primary providers for one request.
// Each strategy keeps its own state per route (weighted and round-robin counters).

import type { RoutingStrategy } from "../config/index.ts";
import type { ProviderState } from "./provider-state.ts";

export type Strategy = {
  /** The providers in the order they should be tried; the first is this request's pick. */
  order(available: readonly ProviderState[], now: number): ProviderState[];
};

/** A provider not picked for this long is tried first again by `latency` (exploration). */
export const latencyExploreAfterMs = 10_000;
/** In-flight capacity assumed by `least_busy` for a provider without max_concurrent. */
export const nominalCapacity = 100;

export function createStrategy(kind: RoutingStrategy): Strategy {
  switch (kind) {
    case "weighted":
      return smoothWeighted();
    case "round_robin":
      return roundRobin();
    case "failover":
      return { order: (available) => available.slice() };
    case "least_busy":
      return leastBusy();
    case "latency":
      return lowestLatency();
  }
}

// --- internal ---

/**
 * Nginx's smooth weighted round-robin: deterministic, and weights 2:1 give exactly 2:1 over
 * every 3 consecutive picks. The rest follow by weight, then config order.
 */
function smoothWeighted(): Strategy {
  const current = new Map<string, number>();
  return {
    order(available) {
      if (available.length <= 1) return available.slice();
      let total = 0;
      let best: ProviderState | undefined;
      let bestWeight = Number.NEGATIVE_INFINITY;
      for (const provider of available) {
        const weight = provider.config.weight;
        const next = (current.get(provider.name) ?? 0) + weight;
        current.set(provider.name, next);
        total += weight;
        if (next > bestWeight) {
          best = provider;
          bestWeight = next;
        }
      }
      const picked = best as ProviderState;
      current.set(picked.name, bestWeight - total);
      const rest = available
        .filter((provider) => provider !== picked)
        .sort((a, b) => b.config.weight - a.config.weight);
      return [picked, ...rest];
    },
  };
}

function roundRobin(): Strategy {
  let counter = 0;
  return {
    order(available) {
      if (available.length <= 1) return available.slice();
      const start = counter++ % available.length;
      return [...available.slice(start), ...available.slice(0, start)];
    },
  };
}

/** Fewest in-flight requests relative to capacity; ties rotate so idle providers share work. */
function leastBusy(): Strategy {
  const tieBreak = roundRobin();
  return {
    order(available, now) {
      const rotated = tieBreak.order(available, now);
      const load = (provider: ProviderState) =>
        provider.inFlight() / (provider.config.max_concurrent ?? nominalCapacity);
      return rotated
        .map((provider, index) => ({ provider, index, load: load(provider) }))
        .sort((a, b) => a.load - b.load || a.index - b.index)
        .map((entry) => entry.provider);
    },
  };
}

/**
 * Lowest EWMA time to first byte. Providers without a sample, or not picked for
 * latencyExploreAfterMs, go first once so a recovered or newly fast provider is noticed.
 */
function lowestLatency(): Strategy {
  return {
    order(available, now) {
      const stale = (provider: ProviderState) => {
        const picked = provider.lastPickedAt();
        return provider.ewmaFirstByteMs() === undefined || picked === undefined
          ? true
          : now - picked >= latencyExploreAfterMs;
      };
      return available
        .map((provider, index) => ({
          provider,
          index,
          rank: stale(provider) ? -1 : (provider.ewmaFirstByteMs() as number),
        }))
        .sort((a, b) => a.rank - b.rank || a.index - b.index)
        .map((entry) => entry.provider);
    },
  };
}
