import { expect, test } from "bun:test";
import { parseConfigText } from "../../../src/config/index.ts";
import { createRouter } from "../../../src/routing/index.ts";

const config = parseConfigText(
  `providers:
  - { name: a, type: mock, models: ["gpt-*", "o?-mini"] }
  - { name: b, type: mock, models: ["claude-*"] }
  - { name: c, type: mock }
`,
  { env: {}, baseDir: "/", source: "t" },
);
const router = createRouter(config.providers);
const names = (model: string | undefined) => router.candidatesFor(model).map((p) => p.name);

test.each([
  ["gpt-4o", ["a", "c"]],
  ["o3-mini", ["a", "c"]],
  ["claude-sonnet-4", ["b", "c"]],
  ["llama-3", ["c"]],
])("routes %s to %p in config order", (model, expected) => {
  expect(names(model)).toEqual(expected);
});

test("offers every provider when the request names no model", () => {
  expect(names(undefined)).toEqual(["a", "b", "c"]);
});

test("treats regex characters in globs literally", () => {
  const dotted = createRouter(
    parseConfigText(`providers:\n  - { name: d, type: mock, models: ["gpt-4.1"] }\n`, {
      env: {},
      baseDir: "/",
      source: "t",
    }).providers,
  );
  expect(dotted.candidatesFor("gpt-4x1")).toEqual([]);
  expect(dotted.candidatesFor("gpt-4.1")).toHaveLength(1);
});
