// The shape of the built-in price table (built-in-prices.json), generated at build time from
// the pinned open price list by scripts/generate-prices.ts and never updated at run time.

/** USD per million tokens. A missing cache price means the input price (DESIGN.md). */
export type Price = {
  input: number;
  output: number;
  cache_read?: number;
  cache_write?: number;
  /** Higher prices for long prompts, lowest threshold first. */
  tiers?: PriceTier[];
};

/** The prices of a request whose input_tokens is above `above_input_tokens`. */
export type PriceTier = Omit<Price, "tiers"> & { above_input_tokens: number };

/** How the price list names the models an entry covers (case-insensitive but for regex). */
export type MatchLogic =
  | { or: MatchLogic[] }
  | { and: MatchLogic[] }
  | { equals: string }
  | { starts_with: string }
  | { ends_with: string }
  | { contains: string }
  | { regex: string };

/**
 * One price of a model and when it applies: from `since` (a UTC date), or every day from
 * `daily_utc.from_second` to `to_second` after UTC midnight (peak or off-peak rates, a window
 * that may wrap past midnight). The last variant that applies wins, as in the price list.
 */
export type PriceVariant = {
  since?: string;
  daily_utc?: { from_second: number; to_second: number };
  price: Price;
};

export type BuiltInModel = { id: string; match: MatchLogic; prices: PriceVariant[] };

export type BuiltInProvider = {
  id: string;
  name: string;
  /** A regular expression matching the provider's API base URL. */
  api_pattern: string;
  models: BuiltInModel[];
};

export type BuiltInPriceFile = {
  source: { package: string; version: string; license: string; homepage: string };
  providers: BuiltInProvider[];
};
