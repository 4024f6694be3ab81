// Turns the pinned @pydantic/genai-prices data into the compact built-in table: the providers we
// ship, token prices only (input, output, cache read and write, with tiers and dated or
// time-of-day variants), models without a token price left out.

import { readFileSync } from "node:fs";
import {
  type ConditionalPrice,
  findProvider,
  type ModelInfo,
  type ModelPrice,
  type Provider,
  type TieredPrices,
} from "@pydantic/genai-prices";
import type {
  BuiltInModel,
  BuiltInPriceFile,
  BuiltInProvider,
  Price,
  PriceTier,
  PriceVariant,
} from "../../src/pricing/index.ts";

/** The providers shipped, in the order a model is looked up when its provider is unknown. */
const shippedProviders = ["openai", "anthropic", "google", "mistral", "deepseek", "x-ai"];

export function buildPriceFile(): BuiltInPriceFile {
  const packageJson = installedPackage();
  return {
    source: {
      package: packageJson.name,
      version: packageJson.version,
      license: packageJson.license,
      homepage: packageJson.homepage,
    },
    providers: shippedProviders.map((id) => toProvider(requireProvider(id))),
  };
}

// --- internal ---

type PackageJson = { name: string; version: string; license: string; homepage: string };

/** The package's own package.json (its exports map does not expose it to import). */
function installedPackage(): PackageJson {
  const url = new URL("../package.json", import.meta.resolve("@pydantic/genai-prices"));
  return JSON.parse(readFileSync(url, "utf8")) as PackageJson;
}

type Field = "input" | "output" | "cache_read" | "cache_write";
type FieldPrice = number | TieredPrices | undefined;

const priceKeys: Record<Field, string> = {
  input: "input_mtok",
  output: "output_mtok",
  cache_read: "cache_read_mtok",
  cache_write: "cache_write_mtok",
};

function requireProvider(id: string): Provider {
  const provider = findProvider({ providerId: id });
  if (!provider) throw new Error(`the price list has no provider "${id}"`);
  return provider;
}

function toProvider(provider: Provider): BuiltInProvider {
  const models: BuiltInModel[] = [];
  for (const model of provider.models) {
    const prices = toVariants(model, /embed/i.test(model.id));
    if (prices) models.push({ id: model.id, match: model.match, prices });
  }
  return { id: provider.id, name: provider.name, api_pattern: provider.api_pattern, models };
}

/**
 * Undefined when a variant lacks the input price, or the output price of a model that generates
 * text (only embeddings have none): the model is not priced by the token, so it stays unpriced.
 */
function toVariants(model: ModelInfo, embeddings: boolean): PriceVariant[] | undefined {
  const conditional: ConditionalPrice[] = Array.isArray(model.prices)
    ? model.prices
    : [{ prices: model.prices }];
  const variants: PriceVariant[] = [];
  for (const { constraint, prices } of conditional) {
    if (!embeddings && prices.output_mtok === undefined) return undefined;
    const price = toPrice(prices);
    if (!price) return undefined;
    if (constraint?.type === "start_date") variants.push({ since: constraint.start_date, price });
    else if (constraint?.type === "time_of_date") {
      const daily_utc = {
        from_second: utcSeconds(constraint.start_time),
        to_second: utcSeconds(constraint.end_time),
      };
      variants.push({ daily_utc, price });
    } else variants.push({ price });
  }
  return variants;
}

function toPrice(prices: ModelPrice): Price | undefined {
  const fields = Object.fromEntries(
    Object.entries(priceKeys).map(([field, key]) => [field, prices[key]]),
  ) as Record<Field, FieldPrice>;
  if (fields.input === undefined) return undefined;
  const price: Price = pricesAbove(fields, -1);
  const starts = new Set<number>();
  for (const value of Object.values(fields)) {
    if (typeof value === "object") for (const tier of value.tiers) starts.add(tier.start);
  }
  const tiers: PriceTier[] = [...starts]
    .sort((a, b) => a - b)
    .map((start) => ({ above_input_tokens: start, ...pricesAbove(fields, start) }));
  return tiers.length > 0 ? { ...price, tiers } : price;
}

/** Each field's price once input_tokens passes `start` (-1: the base price). */
function pricesAbove(fields: Record<Field, FieldPrice>, start: number): Omit<Price, "tiers"> {
  const at = (field: Field): number | undefined => {
    const value = fields[field];
    if (typeof value !== "object") return value;
    let price = value.base;
    for (const tier of value.tiers) if (tier.start <= start) price = tier.price;
    return price;
  };
  const price: Omit<Price, "tiers"> = { input: at("input") ?? 0, output: at("output") ?? 0 };
  const cacheRead = at("cache_read");
  const cacheWrite = at("cache_write");
  if (cacheRead !== undefined) price.cache_read = cacheRead;
  if (cacheWrite !== undefined) price.cache_write = cacheWrite;
  return price;
}

/** "16:30:00Z" or "08:00:00+08:00" as seconds after UTC midnight. */
function utcSeconds(time: string): number {
  const match = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(time);
  if (!match) throw new Error(`unexpected time of day "${time}" in the price list`);
  const [, hours, minutes, seconds, zone, sign, offsetHours, offsetMinutes] = match;
  const local = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  const offset =
    zone === "Z"
      ? 0
      : (sign === "+" ? 1 : -1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60;
  return (local - offset + 86_400) % 86_400;
}
