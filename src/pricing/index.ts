// Pricing: the built-in price table, config overrides, and the cost of a usage record.

export type {
  BuiltInModel,
  BuiltInPriceFile,
  BuiltInProvider,
  MatchLogic,
  Price,
  PriceTier,
  PriceVariant,
} from "./built-in-format.ts";
export { builtInPriceFile } from "./built-in-prices.ts";
export {
  type RequestBounds,
  ratesFor,
  reservationUsd,
  type TokenCounts,
  usageCostUsd,
} from "./cost.ts";
export { maxOutputTokensOf } from "./max-output-tokens.ts";
export {
  createPriceTable,
  type PricedProvider,
  type PriceMatch,
  type PriceOverride,
  type PriceSource,
  type PriceTable,
  type PriceTableOptions,
} from "./price-table.ts";
