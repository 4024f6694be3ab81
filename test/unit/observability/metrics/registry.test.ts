import { describe, expect, test } from "bun:test";
import { createRegistry } from "../../../../src/observability/metrics/index.ts";
import { parsePrometheus, seriesKey } from "./parse-prometheus.ts";

const droppedHeader = [
  `# HELP llm_proxy_metrics_series_dropped_total Updates folded into a metric's "_other_" series because it reached its series limit.`,
  "# TYPE llm_proxy_metrics_series_dropped_total counter",
];

describe("render", () => {
  test("writes HELP and TYPE lines, escapes, and sorts series by label values", () => {
    const registry = createRegistry();
    const requests = registry.counter("app_requests_total", "Requests handled.", ["route", "code"]);
    requests.inc({ route: "/b", code: "200" });
    requests.inc({ route: "/a", code: "500" }, 2);
    requests.inc({ code: "200", route: "/a" });
    const temperature = registry.gauge("app_temperature", 'Back\\slash\nand "quotes".', []);
    temperature.set(undefined, 21.5);
    registry.counter("app_quoted_total", "Escaping.", ["value"]).inc({ value: 'a "b" \\ c\nd' });

    expect(registry.render()).toBe(
      [
        ...droppedHeader,
        "# HELP app_requests_total Requests handled.",
        "# TYPE app_requests_total counter",
        'app_requests_total{route="/a",code="200"} 1',
        'app_requests_total{route="/a",code="500"} 2',
        'app_requests_total{route="/b",code="200"} 1',
        '# HELP app_temperature Back\\\\slash\\nand "quotes".',
        "# TYPE app_temperature gauge",
        "app_temperature 21.5",
        "# HELP app_quoted_total Escaping.",
        "# TYPE app_quoted_total counter",
        'app_quoted_total{value="a \\"b\\" \\\\ c\\nd"} 1',
        "",
      ].join("\n"),
    );
  });

  test("exports a metric without labels as 0 before its first update", () => {
    const registry = createRegistry();
    registry.counter("app_starts_total", "Starts.", []);
    registry.gauge("app_level", "Level.", []);
    registry.counter("app_labelled_total", "Labelled.", ["kind"]);
    const samples = parsePrometheus(registry.render());
    expect(samples.get("app_starts_total")).toBe(0);
    expect(samples.get("app_level")).toBe(0);
    expect(registry.render()).toContain("# TYPE app_labelled_total counter\n");
    expect([...samples.keys()].some((key) => key.startsWith("app_labelled_total"))).toBe(false);
  });

  test("writes infinities and fractions as Prometheus does", () => {
    const registry = createRegistry();
    const gauge = registry.gauge("app_value", "Value.", ["case"]);
    gauge.set({ case: "a" }, Number.POSITIVE_INFINITY);
    gauge.set({ case: "b" }, Number.NEGATIVE_INFINITY);
    gauge.set({ case: "c" }, 0.25);
    gauge.set({ case: "d" }, 1e3);
    expect(registry.render()).toEndWith(
      [
        'app_value{case="a"} +Inf',
        'app_value{case="b"} -Inf',
        'app_value{case="c"} 0.25',
        'app_value{case="d"} 1000',
        "",
      ].join("\n"),
    );
  });
});

describe("gauges", () => {
  test("inc, dec and set a series", () => {
    const registry = createRegistry();
    const queue = registry.gauge("app_queue", "Queued.", ["pool"]);
    queue.inc({ pool: "a" });
    queue.inc({ pool: "a" }, 4);
    queue.dec({ pool: "a" }, 2);
    queue.set({ pool: "b" }, 7);
    queue.dec({ pool: "b" });
    const samples = parsePrometheus(registry.render());
    expect(samples.get(seriesKey("app_queue", { pool: "a" }))).toBe(3);
    expect(samples.get(seriesKey("app_queue", { pool: "b" }))).toBe(6);
  });

  test("gaugeFn is collected at render time and sums samples with the same labels", () => {
    const registry = createRegistry();
    let inFlight = 1;
    let calls = 0;
    registry.gaugeFn("app_in_flight", "In flight.", ["provider"], () => {
      calls += 1;
      return [
        { labels: { provider: "b" }, value: inFlight },
        { labels: { provider: "a" }, value: 2 },
        { labels: { provider: "a" }, value: 3 },
      ];
    });
    expect(calls).toBe(0);
    expect(registry.render()).toEndWith(
      'app_in_flight{provider="a"} 5\napp_in_flight{provider="b"} 1\n',
    );
    inFlight = 9;
    expect(
      parsePrometheus(registry.render()).get(seriesKey("app_in_flight", { provider: "b" })),
    ).toBe(9);
    expect(calls).toBe(2);
  });
});

describe("histograms", () => {
  test("counts each observation in the first bucket it fits and renders them cumulatively", () => {
    const registry = createRegistry();
    const latency = registry.histogram("app_latency_seconds", "Latency.", ["route"], [0.1, 0.5, 1]);
    for (const value of [0.05, 0.1, 0.3, 0.7, 1, 2, 30]) latency.observe({ route: "/x" }, value);
    expect(registry.render()).toEndWith(
      [
        "# TYPE app_latency_seconds histogram",
        'app_latency_seconds_bucket{route="/x",le="0.1"} 2',
        'app_latency_seconds_bucket{route="/x",le="0.5"} 3',
        'app_latency_seconds_bucket{route="/x",le="1"} 5',
        'app_latency_seconds_bucket{route="/x",le="+Inf"} 7',
        'app_latency_seconds_sum{route="/x"} 34.15',
        'app_latency_seconds_count{route="/x"} 7',
        "",
      ].join("\n"),
    );
  });

  test("renders a histogram without labels, starting at zero", () => {
    const registry = createRegistry();
    registry.histogram("app_size_bytes", "Size.", [], [10]);
    expect(registry.render()).toEndWith(
      [
        'app_size_bytes_bucket{le="10"} 0',
        'app_size_bytes_bucket{le="+Inf"} 0',
        "app_size_bytes_sum 0",
        "app_size_bytes_count 0",
        "",
      ].join("\n"),
    );
  });

  test("ignores NaN observations rather than poisoning the sum", () => {
    const registry = createRegistry();
    const histogram = registry.histogram("app_h", "H.", [], [1]);
    histogram.observe(undefined, Number.NaN);
    histogram.observe(undefined, 0.5);
    const samples = parsePrometheus(registry.render());
    expect(samples.get("app_h_sum")).toBe(0.5);
    expect(samples.get("app_h_count")).toBe(1);
  });

  test("rejects bad buckets and the reserved le label", () => {
    const registry = createRegistry();
    expect(() => registry.histogram("app_a", "A.", [], [1, 1])).toThrow("strictly increasing");
    expect(() => registry.histogram("app_b", "B.", [], [2, 1])).toThrow("strictly increasing");
    expect(() => registry.histogram("app_c", "C.", [], [1, Infinity])).toThrow("finite");
    expect(() => registry.histogram("app_d", "D.", ["le"], [1])).toThrow("reserved");
  });
});
