import { describe, expect, test } from "bun:test";
import { createRegistry } from "../../../../src/observability/metrics/index.ts";
import { parsePrometheus } from "./parse-prometheus.ts";

describe("programming mistakes throw", () => {
  const registry = createRegistry();
  const counter = registry.counter("app_calls_total", "Calls.", ["provider", "model"]);
  const histogram = registry.histogram("app_wait_seconds", "Wait.", ["provider"], [1]);
  const gauge = registry.gauge("app_open", "Open.", []);

  test.each([
    [
      "an unknown label",
      () => counter.inc({ provider: "a", model: "m", extra: "x" }),
      'unknown label "extra"',
    ],
    ["a missing label", () => counter.inc({ provider: "a" }), 'missing label "model"'],
    ["no labels at all", () => counter.inc(), 'missing label "provider"'],
    ["a misspelt histogram label", () => histogram.observe({ provder: "a" }, 1), "unknown label"],
    ["labels on a metric without any", () => gauge.set({ provider: "a" }, 1), "unknown label"],
    [
      "a counter going down",
      () => counter.inc({ provider: "a", model: "m" }, -1),
      "cannot go down",
    ],
    [
      "a NaN increment",
      () => counter.inc({ provider: "a", model: "m" }, Number.NaN),
      "cannot go down",
    ],
  ])("%s", (_name, act, message) => {
    expect(act).toThrow(message);
  });

  test("a gaugeFn returning wrong labels fails the render", () => {
    const local = createRegistry();
    local.gaugeFn("app_g", "G.", ["provider"], () => [{ labels: { model: "m" }, value: 1 }]);
    expect(() => local.render()).toThrow('unknown label "model"');
  });

  test.each([
    ["a duplicate metric name", () => registry.counter("app_calls_total", "Again.", [])],
    ["an invalid metric name", () => registry.counter("app-calls", "Dash.", [])],
    ["an invalid label name", () => registry.counter("app_x_total", "X.", ["bad-label"])],
    ["a reserved label name", () => registry.counter("app_y_total", "Y.", ["__name"])],
    ["a repeated label name", () => registry.counter("app_z_total", "Z.", ["a", "a"])],
  ])("registering %s", (_name, act) => {
    expect(act).toThrow();
  });
});

test("a label value containing the key separator stays a series of its own", () => {
  const registry = createRegistry();
  const counter = registry.counter("app_pairs_total", "Pairs.", ["a", "b"]);
  counter.inc({ a: "x\u0000y", b: "z" });
  counter.inc({ a: "x", b: "y\u0000z" });
  const series = [...parsePrometheus(registry.render()).keys()].filter((key) =>
    key.startsWith("app_pairs_total"),
  );
  expect(series).toHaveLength(2);
});
