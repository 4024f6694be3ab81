// The committed built-in table is exactly what the pinned price list gives, and the costs it
// yields are the price list's own (its calcPrice), tiers and dated prices included.

import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { calcPrice } from "@pydantic/genai-prices";
import packageJson from "../../../package.json" with { type: "json" };
import { buildPriceFile } from "../../../scripts/prices/build-price-file.ts";
import {
  type BuiltInPriceFile,
  builtInPriceFile,
  createPriceTable,
  type TokenCounts,
  usageCostUsd,
} from "../../../src/pricing/index.ts";

const committedPath = new URL("../../../src/pricing/built-in-prices.json", import.meta.url);

describe("the committed table", () => {
  test("matches the installed @pydantic/genai-prices (run scripts/generate-prices.ts)", () => {
    const committed = JSON.parse(readFileSync(committedPath, "utf8")) as BuiltInPriceFile;
    expect(committed).toEqual(buildPriceFile());
  });

  test("comes from the version pinned in package.json, MIT licensed", () => {
    expect(builtInPriceFile.source).toMatchObject({
      package: "@pydantic/genai-prices",
      version: packageJson.devDependencies["@pydantic/genai-prices"],
      license: "MIT",
    });
  });

  test.each(["openai", "anthropic", "google", "mistral", "deepseek"])("covers %s", (id) => {
    const provider = builtInPriceFile.providers.find((entry) => entry.id === id);
    expect(provider?.models.length).toBeGreaterThan(5);
  });
});

describe("costs agree with the price list's calcPrice", () => {
  // configured providers at each API's base URL: the lookup searches that price list first
  const baseUrls: Record<string, string> = {
    openai: "https://api.openai.com/v1",
    anthropic: "https://api.anthropic.com/v1",
    google: "https://generativelanguage.googleapis.com/v1beta",
    mistral: "https://api.mistral.ai/v1",
    deepseek: "https://api.deepseek.com/v1",
    "x-ai": "https://api.x.ai/v1",
  };
  const table = createPriceTable({
    overrides: [],
    providers: Object.entries(baseUrls).map(([name, base_url]) => ({
      name,
      type: "mock",
      base_url,
    })),
  });
  const usages: TokenCounts[] = [
    { input_tokens: 1_000, output_tokens: 500, cache_read_tokens: 0, cache_write_tokens: 0 },
    {
      input_tokens: 10_000,
      output_tokens: 300,
      cache_read_tokens: 6_000,
      cache_write_tokens: 2_000,
    },
    // past every long-context tier in the list
    {
      input_tokens: 1_500_000,
      output_tokens: 9_000,
      cache_read_tokens: 400_000,
      cache_write_tokens: 100_000,
    },
  ];
  const times = ["2025-01-01T03:00:00Z", "2026-12-01T12:00:00Z", "2027-02-01T20:00:00Z"].map(
    Date.parse,
  );

  for (const provider of builtInPriceFile.providers) {
    test(`for every ${provider.id} model, usage shape and time`, () => {
      let compared = 0;
      for (const model of provider.models) {
        for (const at of times) {
          const ours = table.lookup(provider.id, model.id, at);
          const theirs = (usage: TokenCounts) =>
            calcPrice({ ...usage }, model.id, { providerId: provider.id, timestamp: new Date(at) });
          for (const usage of usages) {
            const reference = theirs(usage);
            // a model id the list itself resolves to another entry first is not this entry's test
            if (reference?.model.id !== model.id || ours?.model !== model.id) continue;
            expect(ours.provider).toBe(provider.id);
            expect(usageCostUsd(usage, ours.price)).toBeCloseTo(reference.total_price, 9);
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(provider.models.length);
    });
  }
});
