// The one cost formula and the reservation bound, against hand-computed values.

import { describe, expect, test } from "bun:test";
import {
  maxOutputTokensOf,
  type Price,
  reservationUsd,
  usageCostUsd,
} from "../../../src/pricing/index.ts";

const usage = (input: number, output: number, cacheRead = 0, cacheWrite = 0) => ({
  input_tokens: input,
  output_tokens: output,
  cache_read_tokens: cacheRead,
  cache_write_tokens: cacheWrite,
});

const sonnet: Price = { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 };

describe("usageCostUsd", () => {
  test("prices uncached input, cache reads, cache writes and output each at their own price", () => {
    // (10,000 − 6,000 − 2,000) × 3 + 6,000 × 0.3 + 2,000 × 3.75 + 500 × 15 = 22,800 per million
    expect(usageCostUsd(usage(10_000, 500, 6_000, 2_000), sonnet)).toBeCloseTo(0.0228, 12);
  });

  test("a missing cache price falls back to the input price", () => {
    const price: Price = { input: 2.5, output: 10 };
    // every input token at 2.5: 1,000 × 2.5 + 100 × 10 = 3,500 per million
    expect(usageCostUsd(usage(1_000, 100, 400, 200), price)).toBeCloseTo(0.0035, 12);
  });

  test("a prompt past a tier moves every price to that tier", () => {
    const price: Price = {
      input: 1,
      output: 2,
      tiers: [{ above_input_tokens: 200_000, input: 2, output: 3, cache_read: 0.5 }],
    };
    expect(usageCostUsd(usage(200_000, 1_000_000), price)).toBeCloseTo(0.2 + 2, 12);
    // 300,000 − 100,000 at 2 + 100,000 at 0.5 + 1,000,000 at 3
    expect(usageCostUsd(usage(300_000, 1_000_000, 100_000), price)).toBeCloseTo(0.4 + 0.05 + 3, 12);
  });

  test("no tokens cost nothing", () => {
    expect(usageCostUsd(usage(0, 0), sonnet)).toBe(0);
  });
});

describe("reservationUsd", () => {
  test("bounds input by body bytes at the higher of input and cache-write prices", () => {
    // 4,000 bytes × 3.75 + 1,024 × 15 = 30,360 per million
    expect(reservationUsd([sonnet], { bodyBytes: 4_000, maxOutputTokens: 1_024 })).toBeCloseTo(
      0.03036,
      12,
    );
  });

  test("takes the highest bound among the candidates", () => {
    const cheap: Price = { input: 0.1, output: 0.4 };
    const dear: Price = { input: 15, output: 75 };
    const bounds = { bodyBytes: 1_000, maxOutputTokens: 100 };
    expect(reservationUsd([cheap, dear, sonnet], bounds)).toBeCloseTo(
      (1_000 * 15 + 100 * 75) / 1e6,
      12,
    );
  });

  test("counts every tier a body of that size could reach, never a lower one", () => {
    const tiered: Price = {
      input: 1,
      output: 2,
      tiers: [{ above_input_tokens: 1_000, input: 4, output: 8 }],
    };
    expect(reservationUsd([tiered], { bodyBytes: 1_000, maxOutputTokens: 10 })).toBeCloseTo(
      (1_000 * 1 + 10 * 2) / 1e6,
      12,
    );
    expect(reservationUsd([tiered], { bodyBytes: 1_001, maxOutputTokens: 10 })).toBeCloseTo(
      (1_001 * 4 + 10 * 8) / 1e6,
      12,
    );
  });

  test("is undefined when no candidate is priced", () => {
    expect(reservationUsd([], { bodyBytes: 10, maxOutputTokens: 10 })).toBeUndefined();
  });
});

describe("maxOutputTokensOf", () => {
  test.each<[string, unknown, number]>([
    ["Anthropic max_tokens", { max_tokens: 512 }, 512],
    ["chat max_completion_tokens", { max_completion_tokens: 300 }, 300],
    ["Responses max_output_tokens", { max_output_tokens: 2_000 }, 2_000],
    ["the larger of two limits", { max_tokens: 100, max_completion_tokens: 700 }, 700],
    ["n choices", { max_tokens: 100, n: 3 }, 300],
    ["the default when unset", { messages: [] }, 4_096],
    ["the default times n", { n: 2 }, 8_192],
    ["the default for a limit that is not a positive integer", { max_tokens: -5 }, 4_096],
    ["the default for a body that is not an object", "text", 4_096],
  ])("reads %s", (_name, body, expected) => {
    expect(maxOutputTokensOf(body, 4_096)).toBe(expected);
  });
});
