// The cost of a usage record, computed once when the record is made, from a price function the
// app passes in: the served model's price (after model_map), else the requested model's.

import { type Price, type TokenCounts, usageCostUsd } from "../pricing/index.ts";

/** The price of `model` served by the configured provider `provider` at `at` (epoch ms). */
export type PriceFn = (provider: string, model: string, at: number) => Price | undefined;

/** The fields of a usage record that decide its cost. */
export type CostedUsage = TokenCounts & {
  at: number;
  provider: string | null;
  model: string | null;
  model_served: string | null;
};

/** USD; 0 when no token was used; null when tokens were used but no price is known (never 0). */
export type UsageCoster = (usage: CostedUsage) => number | null;

export function createUsageCoster(price: PriceFn | undefined): UsageCoster {
  return (usage) => {
    if (usage.input_tokens === 0 && usage.output_tokens === 0) return 0;
    if (!price || usage.provider === null) return null;
    const { provider, at } = usage;
    const found =
      (usage.model_served !== null ? price(provider, usage.model_served, at) : undefined) ??
      (usage.model !== null ? price(provider, usage.model, at) : undefined);
    return found ? usageCostUsd(usage, found) : null;
  };
}
