import { expect, test } from "bun:test";
import { createModelLabels, createRegistry } from "../../../../src/observability/metrics/index.ts";
import { parsePrometheus } from "./parse-prometheus.ts";

test("a model is its own label from its first answered request on", () => {
  const models = createModelLabels();
  expect(models.labelFor("gpt-x", false)).toBe("_unverified_");
  expect(models.labelFor("gpt-x", true)).toBe("gpt-x");
  expect(models.labelFor("gpt-x", false)).toBe("gpt-x");
  expect(models.labelFor(null, true)).toBe("none");
});

test("remembers a bounded number of models and names the rest _other_", () => {
  const models = createModelLabels(2);
  expect(models.labelFor("a", true)).toBe("a");
  expect(models.labelFor("b", true)).toBe("b");
  expect(models.labelFor("c", true)).toBe("_other_");
  expect(models.labelFor("c", false)).toBe("_unverified_");
  expect(models.labelFor("a", false)).toBe("a");
});

test("label values are cut at 128 characters without splitting a surrogate pair", () => {
  const registry = createRegistry();
  const counter = registry.counter("app_total", "Things.", ["model"]);
  counter.inc({ model: "a".repeat(1000) });
  counter.inc({ model: `${"b".repeat(127)}😀tail` });
  const keys = [...parsePrometheus(registry.render()).keys()].filter((key) =>
    key.startsWith("app_total"),
  );
  expect(keys).toEqual([
    `app_total{model="${"a".repeat(128)}"}`,
    `app_total{model="${"b".repeat(127)}"}`,
  ]);
});
