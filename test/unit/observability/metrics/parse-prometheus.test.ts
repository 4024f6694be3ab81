import { describe, expect, test } from "bun:test";
import { createRegistry } from "../../../../src/observability/metrics/index.ts";
import { parsePrometheus, seriesKey } from "./parse-prometheus.ts";

describe("parsePrometheus", () => {
  test("reads samples, sorting label names into the key and skipping comments", () => {
    const text = [
      "# HELP a_total A.",
      "# TYPE a_total counter",
      'a_total{z="1",b="2"} 3',
      "a_plain 4.5 1700000000000",
      'a_inf{le="+Inf"} +Inf',
      "",
    ].join("\n");
    expect(Object.fromEntries(parsePrometheus(text))).toEqual({
      'a_total{b="2",z="1"}': 3,
      a_plain: 4.5,
      'a_inf{le="+Inf"}': Number.POSITIVE_INFINITY,
    });
  });

  test.each([
    ["a missing value", "a_total\n"],
    ["a bad number", "a_total abc\n"],
    ["an unterminated label value", 'a_total{x="1} 2\n'],
    ["a bad escape", 'a_total{x="\\t"} 2\n'],
    ["a duplicate series", "a_total 1\na_total 2\n"],
    ["a missing final newline", "a_total 1"],
  ])("rejects %s", (_name, text) => {
    expect(() => parsePrometheus(text)).toThrow();
  });

  test("round-trips everything a registry renders, escapes included", () => {
    const registry = createRegistry();
    const awkward = 'quote " backslash \\ newline \n brace } comma , equals =';
    registry
      .counter("rt_total", "Round trip.", ["value", "other"])
      .inc({ value: awkward, other: "" }, 3);
    registry.gauge("rt_gauge", "Gauge.", []).set(undefined, -0.5);
    registry.histogram("rt_seconds", "Histogram.", ["p"], [0.5, 1]).observe({ p: awkward }, 0.75);
    registry.gaugeFn("rt_fn", "Fn.", ["p"], () => [{ labels: { p: "a" }, value: 2 }]);

    expect(Object.fromEntries(parsePrometheus(registry.render()))).toEqual({
      [seriesKey("rt_total", { value: awkward, other: "" })]: 3,
      rt_gauge: -0.5,
      [seriesKey("rt_seconds_bucket", { p: awkward, le: "0.5" })]: 0,
      [seriesKey("rt_seconds_bucket", { p: awkward, le: "1" })]: 1,
      [seriesKey("rt_seconds_bucket", { p: awkward, le: "+Inf" })]: 1,
      [seriesKey("rt_seconds_sum", { p: awkward })]: 0.75,
      [seriesKey("rt_seconds_count", { p: awkward })]: 1,
      [seriesKey("rt_fn", { p: "a" })]: 2,
    });
  });
});
