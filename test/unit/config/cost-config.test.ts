// The pricing: and budgets: blocks: defaults, DESIGN.md's example, and the problems reported.

import { expect, test } from "bun:test";
import { ConfigError, parseConfigText } from "../../../src/config/index.ts";

const options = { env: {}, baseDir: "/srv/proxy", source: "test.yaml" };
const providers = "providers:\n  - { name: vllm, type: mock }\n";

function problemsOf(text: string): string[] {
  try {
    parseConfigText(text, options);
  } catch (error: unknown) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error("expected the config to be rejected");
}

test("budgets default to 4096 output tokens, alerts at 0.8 and no unpriced models", () => {
  const config = parseConfigText(providers, options);
  expect(config.pricing).toEqual([]);
  expect(config.budgets).toEqual({
    default_max_tokens: 4096,
    alert_at: 0.8,
    allow_unpriced: false,
  });
});

test("reads DESIGN.md's pricing example", () => {
  const config = parseConfigText(
    `${providers}pricing:
  - { model: "gpt-4o*", input: 2.5, output: 10, cache_read: 1.25 }
  - { model: "my-local-*", provider: vllm, input: 0, output: 0 }
budgets: { default_max_tokens: 1024, alert_at: 0.5, allow_unpriced: true }
`,
    options,
  );
  expect(config.pricing).toEqual([
    { model: "gpt-4o*", input: 2.5, output: 10, cache_read: 1.25 },
    { model: "my-local-*", provider: "vllm", input: 0, output: 0 },
  ]);
  expect(config.budgets).toEqual({ default_max_tokens: 1024, alert_at: 0.5, allow_unpriced: true });
});

test("names a negative price, a missing output price and an unknown key", () => {
  const problems = problemsOf(
    `${providers}pricing:\n  - { model: "a*", input: -1, output: 1 }\n  - { model: "b*", input: 1 }\n  - { model: "c*", input: 1, output: 1, cached: 1 }\n`,
  );
  expect(problems.some((p) => p.startsWith("pricing[0].input:"))).toBe(true);
  expect(problems.some((p) => p.startsWith("pricing[1].output:"))).toBe(true);
  expect(problems.some((p) => p.startsWith("pricing[2]") && p.includes("cached"))).toBe(true);
});

test("rejects a pricing entry for a provider that does not exist", () => {
  expect(
    problemsOf(`${providers}pricing:\n  - { model: "x", provider: vlm, input: 0, output: 0 }\n`),
  ).toEqual([
    'pricing[0].provider: unknown provider "vlm" (did you mean "vllm"?); providers: vllm',
  ]);
});

test("rejects alert_at outside (0, 1]", () => {
  expect(problemsOf(`${providers}budgets: { alert_at: 1.5 }\n`)[0]).toStartWith(
    "budgets.alert_at:",
  );
  expect(problemsOf(`${providers}budgets: { alert_at: 0 }\n`)[0]).toStartWith("budgets.alert_at:");
});
