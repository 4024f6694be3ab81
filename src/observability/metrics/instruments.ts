// Counters, gauges, scrape-time gauges and histograms over a metric's series map; the registry
// hands each one a way to make its series and to register how it renders.

import { formatLabels, formatValue } from "./exposition.ts";
import { checkBuckets, createHistogramState, observeInto, writeHistogram } from "./histogram.ts";
import type { SeriesMap } from "./series-map.ts";
import type { Counter, Gauge, GaugeSample, Histogram } from "./types.ts";

export type MetricType = "counter" | "gauge" | "histogram";

/** What an instrument needs from its registry. */
export type MetricContext = {
  name: string;
  labelNames: readonly string[];
  /** A series map with the registry's series limit, or `limit` when given. */
  seriesFor<S>(create: () => S, limit?: number): SeriesMap<S>;
  register(type: MetricType, write: (out: string[]) => void): void;
};

export function createCounter(context: MetricContext, limit?: number): Counter {
  const { name, labelNames } = context;
  const series = context.seriesFor(() => ({ value: 0 }), limit);
  context.register("counter", (out) => writeValues(out, name, labelNames, series));
  // Prometheus advice: a metric without labels is exported as 0 rather than missing.
  if (labelNames.length === 0) series.get(undefined);
  return {
    inc(labels, by = 1) {
      if (!(by >= 0)) throw new Error(`${name}: a counter cannot go down (inc by ${by})`);
      series.get(labels).value += by;
    },
  };
}

export function createGauge(context: MetricContext): Gauge {
  const { name, labelNames } = context;
  const series = context.seriesFor(() => ({ value: 0 }));
  context.register("gauge", (out) => writeValues(out, name, labelNames, series));
  if (labelNames.length === 0) series.get(undefined);
  return {
    set(labels, value) {
      series.get(labels).value = value;
    },
    inc(labels, by = 1) {
      series.get(labels).value += by;
    },
    dec(labels, by = 1) {
      series.get(labels).value -= by;
    },
  };
}

/** Collected afresh on every render; samples with the same labels are summed. */
export function registerGaugeFn(context: MetricContext, collect: () => GaugeSample[]): void {
  const { name, labelNames } = context;
  context.register("gauge", (out) => {
    const series = context.seriesFor(() => ({ value: 0 }));
    for (const sample of collect()) series.get(sample.labels).value += sample.value;
    writeValues(out, name, labelNames, series);
  });
}

export function createHistogram(context: MetricContext, buckets: readonly number[]): Histogram {
  const { name, labelNames } = context;
  checkBuckets(name, labelNames, buckets);
  const bounds = [...buckets];
  const series = context.seriesFor(() => createHistogramState(bounds));
  context.register("histogram", (out) =>
    writeHistogram(out, name, labelNames, bounds, series.sorted()),
  );
  if (labelNames.length === 0) series.get(undefined);
  return {
    observe(labels, value) {
      observeInto(series.get(labels), bounds, value);
    },
  };
}

// --- internal ---

function writeValues(
  out: string[],
  name: string,
  labelNames: readonly string[],
  series: SeriesMap<{ value: number }>,
): void {
  for (const { values, state } of series.sorted()) {
    out.push(`${name}${formatLabels(labelNames, values)} ${formatValue(state.value)}`);
  }
}
