import { describe, expect, test } from "bun:test";
import { createRegistry } from "../../../../src/observability/metrics/index.ts";
import { parsePrometheus, seriesKey } from "./parse-prometheus.ts";

describe("cardinality guard", () => {
  test("folds new label combinations beyond the limit into one _other_ series", () => {
    const registry = createRegistry({ maxSeriesPerMetric: 2 });
    const tokens = registry.counter("app_tokens_total", "Tokens.", ["model", "direction"]);
    tokens.inc({ model: "a", direction: "in" }, 10);
    tokens.inc({ model: "b", direction: "in" }, 20);
    tokens.inc({ model: "c", direction: "in" }, 30);
    tokens.inc({ model: "d", direction: "out" }, 40);
    tokens.inc({ model: "a", direction: "in" }, 1);
    const samples = parsePrometheus(registry.render());
    expect(Object.fromEntries(samples)).toEqual({
      [seriesKey("app_tokens_total", { model: "a", direction: "in" })]: 11,
      [seriesKey("app_tokens_total", { model: "b", direction: "in" })]: 20,
      [seriesKey("app_tokens_total", { model: "_other_", direction: "_other_" })]: 70,
      [seriesKey("llm_proxy_metrics_series_dropped_total", { metric: "app_tokens_total" })]: 2,
    });
  });

  test("repeated labels update one series, and each folded update is counted", () => {
    const registry = createRegistry({ maxSeriesPerMetric: 2 });
    const requests = registry.counter("app_requests_total", "Requests.", ["model", "status"]);
    const long = "m".repeat(300);
    for (let i = 0; i < 3; i++) requests.inc({ model: "a", status: "2xx" });
    for (let i = 0; i < 2; i++) requests.inc({ model: long, status: "2xx" });
    for (let i = 0; i < 2; i++) requests.inc({ model: "b", status: "2xx" });
    requests.inc({ model: "a", status: "5xx" });
    requests.inc({ model: "a", status: "2xx" });
    const samples = parsePrometheus(registry.render());
    expect(Object.fromEntries(samples)).toEqual({
      [seriesKey("app_requests_total", { model: "a", status: "2xx" })]: 4,
      [seriesKey("app_requests_total", { model: "m".repeat(128), status: "2xx" })]: 2,
      [seriesKey("app_requests_total", { model: "_other_", status: "_other_" })]: 3,
      [seriesKey("llm_proxy_metrics_series_dropped_total", { metric: "app_requests_total" })]: 3,
    });
  });

  test("applies to histograms and gaugeFn too, each metric counted on its own", () => {
    const registry = createRegistry({ maxSeriesPerMetric: 1 });
    const latency = registry.histogram("app_latency_seconds", "Latency.", ["provider"], [1]);
    latency.observe({ provider: "a" }, 0.5);
    latency.observe({ provider: "b" }, 2);
    latency.observe({ provider: "c" }, 3);
    registry.gaugeFn("app_up", "Up.", ["provider"], () => [
      { labels: { provider: "x" }, value: 1 },
      { labels: { provider: "y" }, value: 1 },
    ]);
    const samples = parsePrometheus(registry.render());
    expect(samples.get(seriesKey("app_latency_seconds_count", { provider: "_other_" }))).toBe(2);
    expect(samples.get(seriesKey("app_latency_seconds_sum", { provider: "_other_" }))).toBe(5);
    expect(samples.get(seriesKey("app_up", { provider: "_other_" }))).toBe(1);
    const dropped = (metric: string) =>
      samples.get(seriesKey("llm_proxy_metrics_series_dropped_total", { metric }));
    expect(dropped("app_latency_seconds")).toBe(2);
    expect(dropped("app_up")).toBe(1);
  });

  test("keeps memory bounded under a flood of distinct label values", () => {
    const registry = createRegistry({ maxSeriesPerMetric: 100 });
    const requests = registry.counter("app_requests_total", "Requests.", ["model"]);
    for (let i = 0; i < 10_000; i++) requests.inc({ model: `model-${i}` });
    const samples = parsePrometheus(registry.render());
    const series = [...samples.keys()].filter((key) => key.startsWith("app_requests_total"));
    expect(series).toHaveLength(101);
    expect(samples.get(seriesKey("app_requests_total", { model: "_other_" }))).toBe(9_900);
  });

  test("rejects a limit that is not a positive integer", () => {
    expect(() => createRegistry({ maxSeriesPerMetric: 0 })).toThrow("positive integer");
    expect(() => createRegistry({ maxSeriesPerMetric: 1.5 })).toThrow("positive integer");
  });
});
