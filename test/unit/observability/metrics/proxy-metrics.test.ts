import { expect, test } from "bun:test";
import {
  createProxyMetrics,
  createRegistry,
  type StatusClass,
  statusClass,
} from "../../../../src/observability/metrics/index.ts";
import { parsePrometheus, seriesKey } from "./parse-prometheus.ts";

test.each<[number, StatusClass]>([
  [200, "2xx"],
  [204, "2xx"],
  [301, "3xx"],
  [400, "4xx"],
  [429, "4xx"],
  [499, "4xx"],
  [500, "5xx"],
  [503, "5xx"],
  [101, "1xx"],
  [0, "error"],
  [-1, "error"],
  [600, "error"],
  [200.5, "error"],
])("statusClass(%d) is %s", (status, expected) => {
  expect(statusClass(status)).toBe(expected);
});

test("registers the proxy's metrics under their documented names", () => {
  const registry = createRegistry();
  createProxyMetrics(registry);
  const types = registry
    .render()
    .split("\n")
    .filter((line) => line.startsWith("# TYPE llm_proxy_"));
  expect(types).toEqual([
    "# TYPE llm_proxy_metrics_series_dropped_total counter",
    "# TYPE llm_proxy_requests_total counter",
    "# TYPE llm_proxy_request_duration_seconds histogram",
    "# TYPE llm_proxy_ttfb_seconds histogram",
    "# TYPE llm_proxy_tokens_total counter",
    "# TYPE llm_proxy_retries_total counter",
    "# TYPE llm_proxy_panic_routed_total counter",
    "# TYPE llm_proxy_upstream_errors_total counter",
    "# TYPE llm_proxy_budget_alerts_total counter",
    "# TYPE llm_proxy_config_reloads_total counter",
    "# TYPE llm_proxy_trace_captures_cut_total counter",
    "# TYPE llm_proxy_cache_errors_total counter",
    "# TYPE llm_proxy_cost_usd_total counter",
    "# TYPE llm_proxy_unpriced_requests_total counter",
    "# TYPE llm_proxy_shared_state_errors_total counter",
  ]);
});

test("records one request's worth of metrics", () => {
  const registry = createRegistry();
  const metrics = createProxyMetrics(registry);
  const status_class = statusClass(200);
  metrics.requests.inc({ provider: "openai", model: "gpt-x", status_class, cache: "miss" });
  metrics.requestDuration.observe({ provider: "openai", status_class }, 1.2);
  metrics.ttfb.observe({ provider: "openai" }, 0.3);
  metrics.tokens.inc({ provider: "openai", model: "gpt-x", direction: "input" }, 12);
  metrics.tokens.inc({ provider: "openai", model: "gpt-x", direction: "output" }, 34);
  metrics.retries.inc({ provider: "azure" });
  metrics.upstreamErrors.inc({ provider: "azure", kind: "status_5xx" });

  const samples = parsePrometheus(registry.render());
  const get = (name: string, labels: Record<string, string>) =>
    samples.get(seriesKey(name, labels));
  expect(
    get("llm_proxy_requests_total", {
      provider: "openai",
      model: "gpt-x",
      status_class: "2xx",
      cache: "miss",
    }),
  ).toBe(1);
  const duration = { provider: "openai", status_class: "2xx" };
  expect(get("llm_proxy_request_duration_seconds_bucket", { ...duration, le: "1" })).toBe(0);
  expect(get("llm_proxy_request_duration_seconds_bucket", { ...duration, le: "2.5" })).toBe(1);
  expect(get("llm_proxy_request_duration_seconds_bucket", { ...duration, le: "120" })).toBe(1);
  expect(get("llm_proxy_request_duration_seconds_bucket", { ...duration, le: "+Inf" })).toBe(1);
  expect(get("llm_proxy_ttfb_seconds_bucket", { provider: "openai", le: "0.5" })).toBe(1);
  expect(get("llm_proxy_ttfb_seconds_bucket", { provider: "openai", le: "0.25" })).toBe(0);
  expect(
    get("llm_proxy_tokens_total", { provider: "openai", model: "gpt-x", direction: "output" }),
  ).toBe(34);
  expect(get("llm_proxy_retries_total", { provider: "azure" })).toBe(1);
  expect(get("llm_proxy_upstream_errors_total", { provider: "azure", kind: "status_5xx" })).toBe(1);
});
