// The effective price table: config overrides first (first match wins), then the built-in list.

import { expect, test } from "bun:test";
import { createPriceTable, type PriceOverride } from "../../../src/pricing/index.ts";

const now = Date.parse("2026-12-01T12:00:00Z");
const providers = [
  { name: "openai", type: "openai", base_url: "https://api.openai.com/v1" },
  { name: "vllm", type: "openai", base_url: "http://10.0.0.5:8000/v1" },
  { name: "ds", type: "openai", base_url: "https://api.deepseek.com/v1" },
];

test("an override wins over the built-in price, the first matching one", () => {
  const overrides: PriceOverride[] = [
    { model: "gpt-4o*", input: 2.5, output: 10, cache_read: 1.25 },
    { model: "gpt-*", input: 99, output: 99 },
  ];
  const table = createPriceTable({ overrides, providers });
  expect(table.lookup("openai", "gpt-4o-mini", now)).toEqual({
    price: { input: 2.5, output: 10, cache_read: 1.25 },
    source: "config",
    model: "gpt-4o*",
    provider: null,
  });
  expect(table.lookup("openai", "gpt-4.1", now)?.price.input).toBe(99);
});

test("an override for one provider leaves the others on the built-in price", () => {
  const table = createPriceTable({
    overrides: [{ model: "gpt-4o", provider: "vllm", input: 0, output: 0 }],
    providers,
  });
  expect(table.lookup("vllm", "gpt-4o", now)).toMatchObject({
    price: { input: 0, output: 0 },
    source: "config",
    provider: "vllm",
  });
  expect(table.lookup("openai", "gpt-4o", now)).toMatchObject({
    source: "built-in",
    model: "gpt-4o",
    provider: "openai",
  });
});

test("built-in prices find the model by name, date-suffixed names included", () => {
  const table = createPriceTable({ overrides: [], providers });
  expect(table.lookup(null, "claude-sonnet-4-5-20250929", now)).toMatchObject({
    source: "built-in",
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    price: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
  });
  expect(table.lookup(null, "GPT-4o", now)?.model).toBe("gpt-4o");
});

test("a provider's base URL picks its price list first", () => {
  const table = createPriceTable({ overrides: [], providers });
  expect(table.lookup("ds", "deepseek-chat", now)?.provider).toBe("deepseek");
});

test("a model no list knows is unpriced", () => {
  const table = createPriceTable({ overrides: [], providers });
  expect(table.lookup("vllm", "my-local-llama", now)).toBeUndefined();
});

test("a dated price applies from its date on", () => {
  const table = createPriceTable({ overrides: [], providers });
  // the price list cut claude-sonnet-4-6's long-context tier on 2026-03-13
  const before = table.lookup("anthropic", "claude-sonnet-4-6", Date.parse("2026-03-12T23:00:00Z"));
  const after = table.lookup("anthropic", "claude-sonnet-4-6", Date.parse("2026-03-13T00:00:00Z"));
  expect(before?.price.tiers).toBeDefined();
  expect(after?.price.tiers).toBeUndefined();
});

test("lists overrides first, then every built-in entry", () => {
  const table = createPriceTable({
    overrides: [{ model: "my-*", provider: "vllm", input: 0, output: 0 }],
    providers,
  });
  const rows = table.list(now);
  expect(rows[0]).toMatchObject({ source: "config", model: "my-*", provider: "vllm" });
  expect(rows.length).toBeGreaterThan(150);
  expect(new Set(rows.slice(1).map((row) => row.source))).toEqual(new Set(["built-in"]));
});
