// Pricing: the built-in price table, config overrides, and the cost of a usage record.

export type {
  BuiltInModel,
  BuiltInPriceFile,
  BuiltInProvider,
  Price,
  PriceTier,
  PriceVariant,
} from "./built-in-format.ts";
export { builtInPriceFile } from "./built-in-prices.ts";
export {
  reservationUsd,
  type TokenCounts,
  usageCostUsd,
} from "./cost.ts";
export { maxOutputTokensOf } from "./max-output-tokens.ts";
export {
  createPriceTable,
  type PriceMatch,
  type PriceOverride,
  type PriceTable,
} from "./price-table.ts";
