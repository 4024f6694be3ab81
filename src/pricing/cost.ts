// The cost of a usage record (DESIGN.md's one formula) and a request's reservation bound, in
// USD. Prices are per million tokens; a long prompt may move every price to a higher tier.

import type { Price, PriceTier } from "./built-in-format.ts";

/** The usage record's token counts: input_tokens includes cache reads and writes. */
export type TokenCounts = {
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
};

/** What bounds a request before it is sent: its body and the most output it may ask for. */
export type RequestBounds = { bodyBytes: number; maxOutputTokens: number };

/**
 * (input − cache_read − cache_write) × input + cache_read × cache_read + cache_write ×
 * cache_write + output × output, per million; a missing cache price is the input price.
 */
export function usageCostUsd(usage: TokenCounts, price: Price): number {
  const rates = ratesFor(price, usage.input_tokens);
  const cacheRead = usage.cache_read_tokens;
  const cacheWrite = usage.cache_write_tokens;
  const uncached = Math.max(0, usage.input_tokens - cacheRead - cacheWrite);
  return (
    (uncached * rates.input +
      cacheRead * (rates.cache_read ?? rates.input) +
      cacheWrite * (rates.cache_write ?? rates.input) +
      usage.output_tokens * rates.output) /
    perMillion
  );
}

/**
 * The worst case at the highest price among the candidates: body bytes (which bound the input
 * tokens of what the body carries) × the higher of the input and cache-write prices, plus the
 * maximum output tokens × the output price, at the highest tier the body's size could reach.
 * Undefined when no candidate is priced.
 */
export function reservationUsd(
  prices: readonly Price[],
  bounds: RequestBounds,
): number | undefined {
  let highest: number | undefined;
  for (const price of prices) {
    for (const rates of ratesUpTo(price, bounds.bodyBytes)) {
      const input = Math.max(rates.input, rates.cache_write ?? rates.input);
      const bound = (bounds.bodyBytes * input + bounds.maxOutputTokens * rates.output) / perMillion;
      if (highest === undefined || bound > highest) highest = bound;
    }
  }
  return highest;
}

/** The prices that apply to a request of `inputTokens` input tokens. */
export function ratesFor(price: Price, inputTokens: number): Omit<Price, "tiers"> {
  let rates: Omit<Price, "tiers"> = price;
  for (const tier of price.tiers ?? []) {
    if (inputTokens > tier.above_input_tokens) rates = tier;
  }
  return rates;
}

// --- internal ---

const perMillion = 1_000_000;

/** The base prices and every tier a request of up to `inputTokens` tokens could reach. */
function ratesUpTo(price: Price, inputTokens: number): Omit<Price, "tiers">[] {
  const reachable: PriceTier[] = (price.tiers ?? []).filter(
    (tier) => inputTokens > tier.above_input_tokens,
  );
  return [price, ...reachable];
}
