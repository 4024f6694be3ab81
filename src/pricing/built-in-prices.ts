// The built-in price table bundled into the binary, and how a model name finds its entry in it:
// provider by provider in a given order, then again with a compact date suffix spelled out
// (claude-sonnet-4-20250514 -> claude-sonnet-4-2025-05-14), as the price list itself does.

import type { BuiltInModel, BuiltInPriceFile, BuiltInProvider, Price } from "./built-in-format.ts";
import data from "./built-in-prices.json" with { type: "json" };
import { compileMatchLogic, type ModelMatcher } from "./match-logic.ts";

export const builtInPriceFile: BuiltInPriceFile = data;

export type BuiltInMatch = { provider: BuiltInProvider; model: BuiltInModel };

export type BuiltInLookup = {
  /** The price-list providers, compiled. */
  providers: readonly CompiledProvider[];
  /** The first entry matching `model` in these providers (ids), in order. */
  find(model: string, providerOrder: readonly string[]): BuiltInMatch | undefined;
};

export type CompiledProvider = {
  provider: BuiltInProvider;
  /** Whether a base URL is this provider's API. */
  serves(baseUrl: string): boolean;
  models: readonly { model: BuiltInModel; matches: ModelMatcher }[];
};

export function createBuiltInLookup(file: BuiltInPriceFile): BuiltInLookup {
  const providers = file.providers.map(compileProvider);
  const byId = new Map(providers.map((compiled) => [compiled.provider.id, compiled]));
  const findIn = (compiled: CompiledProvider, name: string) =>
    compiled.models.find((entry) => entry.matches(name))?.model;
  return {
    providers,
    find(model, providerOrder) {
      const name = model.toLowerCase().trim();
      const dated = spellOutDate(name);
      for (const id of providerOrder) {
        const compiled = byId.get(id);
        if (!compiled) continue;
        const found = findIn(compiled, name) ?? (dated ? findIn(compiled, dated) : undefined);
        if (found) return { provider: compiled.provider, model: found };
      }
      return undefined;
    },
  };
}

/** A price variant's start date as epoch ms, parsed once per date (a lookup runs per request). */
const sinceCache = new Map<string, number>();
function sinceMs(since: string): number {
  let ms = sinceCache.get(since);
  if (ms === undefined) {
    ms = Date.parse(`${since}T00:00:00Z`);
    sinceCache.set(since, ms);
  }
  return ms;
}

/** The model's price at `at` (epoch ms): the last variant whose condition holds, else the first. */
export function priceAt(model: BuiltInModel, at: number): Price {
  const { prices } = model;
  for (let i = prices.length - 1; i >= 0; i--) {
    const variant = prices[i];
    if (!variant) continue;
    if (variant.since !== undefined) {
      if (at >= sinceMs(variant.since)) return variant.price;
    } else if (variant.daily_utc !== undefined) {
      if (inDailyWindow(variant.daily_utc, at)) return variant.price;
    } else return variant.price;
  }
  return (prices[0] as (typeof prices)[number]).price;
}

// --- internal ---

function compileProvider(provider: BuiltInProvider): CompiledProvider {
  const pattern = new RegExp(`^(?:${provider.api_pattern})`);
  return {
    provider,
    serves: (baseUrl) => pattern.test(baseUrl),
    models: provider.models.map((model) => ({ model, matches: compileMatchLogic(model.match) })),
  };
}

const compactDate = /(-)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g;

function spellOutDate(model: string): string | undefined {
  const spelled = model.replace(compactDate, "$1$2-$3-$4");
  return spelled === model ? undefined : spelled;
}

const dayMs = 86_400_000;

function inDailyWindow(window: { from_second: number; to_second: number }, at: number): boolean {
  const second = (((at % dayMs) + dayMs) % dayMs) / 1000;
  const { from_second: from, to_second: to } = window;
  return to < from ? second >= from || second < to : second >= from && second < to;
}
