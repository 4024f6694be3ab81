// The effective price table: `pricing:` overrides from the config (first match wins, by model
// glob and optionally provider), then the built-in table, searched first in the price-list
// providers the configured provider is known to be (by base URL, then by kind), then in all.

import { compileGlobs, createLruMap } from "../shared/index.ts";
import type { BuiltInPriceFile, Price } from "./built-in-format.ts";
import {
  type BuiltInMatch,
  builtInPriceFile,
  createBuiltInLookup,
  priceAt,
} from "./built-in-prices.ts";

/** One `pricing:` entry of the config. */
export type PriceOverride = {
  model: string;
  provider?: string | undefined;
  input: number;
  output: number;
  cache_read?: number | undefined;
  cache_write?: number | undefined;
};

/** What the table needs to know of a configured provider. */
export type PricedProvider = { name: string; type: string; base_url?: string | undefined };

export type PriceSource = "built-in" | "config";

export type PriceMatch = {
  price: Price;
  source: PriceSource;
  /** The entry that matched: the override's glob, or the price list's model id. */
  model: string;
  /** The override's provider (null: any), or the price list's provider id. */
  provider: string | null;
};

export type PriceTable = {
  /** The price of `model` served by the configured provider `provider` at `at` (epoch ms). */
  lookup(provider: string | null, model: string, at: number): PriceMatch | undefined;
  /** Every entry, overrides first, with the built-in prices in effect at `at`. */
  list(at: number): PriceMatch[];
  /** The built-in table's origin: package, version, licence. */
  source: BuiltInPriceFile["source"];
};

export type PriceTableOptions = {
  overrides: readonly PriceOverride[];
  providers: readonly PricedProvider[];
  /** Defaults to the table bundled into the binary. */
  builtIn?: BuiltInPriceFile;
};

export function createPriceTable(options: PriceTableOptions): PriceTable {
  const file = options.builtIn ?? builtInPriceFile;
  const builtIn = createBuiltInLookup(file);
  const overrides = options.overrides.map((entry) => ({
    entry,
    match: fromOverride(entry),
    matches: compileGlobs([entry.model]),
  }));
  const orders = new Map(
    options.providers.map((provider) => [provider.name, searchOrder(provider, builtIn.providers)]),
  );
  const everyProvider = builtIn.providers.map((compiled) => compiled.provider.id);
  // model names come from clients: remember a bounded number of answers
  const found = createLruMap<string, BuiltInMatch | null>();

  const findBuiltIn = (provider: string | null, model: string): BuiltInMatch | undefined => {
    const key = `${provider ?? ""}\u0000${model}`;
    const cached = found.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const order = (provider !== null && orders.get(provider)) || everyProvider;
    const match = builtIn.find(model, order);
    if (found.size >= maxRemembered) found.delete((found.oldest() as [string, unknown])[0]);
    found.set(key, match ?? null);
    return match;
  };

  return {
    lookup(provider, model, at) {
      const override = overrides.find(
        ({ entry, matches }) =>
          matches(model) && (entry.provider === undefined || entry.provider === provider),
      );
      if (override) return override.match;
      const match = findBuiltIn(provider, model);
      return match && fromBuiltIn(match, at);
    },
    list(at) {
      const rows = overrides.map((override) => override.match);
      for (const { provider, models } of builtIn.providers) {
        for (const { model } of models) rows.push(fromBuiltIn({ provider, model }, at));
      }
      return rows;
    },
    source: file.source,
  };
}

// --- internal ---

const maxRemembered = 10_000;

/** Kinds whose upstream is, by default, one of the price list's providers. */
const kindProvider: Record<string, string> = {
  openai: "openai",
  azure: "openai",
  anthropic: "anthropic",
};

function searchOrder(
  provider: PricedProvider,
  known: readonly { provider: { id: string }; serves(baseUrl: string): boolean }[],
): string[] {
  const order: string[] = [];
  const add = (id: string | undefined) => {
    if (id !== undefined && !order.includes(id)) order.push(id);
  };
  const baseUrl = provider.base_url;
  if (baseUrl)
    for (const compiled of known) if (compiled.serves(baseUrl)) add(compiled.provider.id);
  add(kindProvider[provider.type]);
  for (const compiled of known) add(compiled.provider.id);
  return order;
}

function fromOverride(entry: PriceOverride): PriceMatch {
  const price: Price = { input: entry.input, output: entry.output };
  if (entry.cache_read !== undefined) price.cache_read = entry.cache_read;
  if (entry.cache_write !== undefined) price.cache_write = entry.cache_write;
  return { price, source: "config", model: entry.model, provider: entry.provider ?? null };
}

function fromBuiltIn(match: BuiltInMatch, at: number): PriceMatch {
  return {
    price: priceAt(match.model, at),
    source: "built-in",
    model: match.model.id,
    provider: match.provider.id,
  };
}
