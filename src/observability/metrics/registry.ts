// A Prometheus registry rendered in the text exposition format 0.0.4, metrics in registration
// order, with a cap on label combinations per metric so no label can grow memory without bound.

import { escapeHelp, labelNamePattern, metricNamePattern } from "./exposition.ts";
import {
  createCounter,
  createGauge,
  createHistogram,
  type MetricContext,
  registerGaugeFn,
} from "./instruments.ts";
import { createSeriesMap } from "./series-map.ts";
import type { Registry, RegistryOptions } from "./types.ts";

export const droppedSeriesMetric = "llm_proxy_metrics_series_dropped_total";
export const defaultMaxSeriesPerMetric = 1000;

export function createRegistry(options: RegistryOptions = {}): Registry {
  const maxSeries = options.maxSeriesPerMetric ?? defaultMaxSeriesPerMetric;
  if (!Number.isInteger(maxSeries) || maxSeries < 1) {
    throw new Error(`maxSeriesPerMetric must be a positive integer, got ${maxSeries}`);
  }
  const metrics: Metric[] = [];

  const contextFor = (name: string, help: string, labelNames: readonly string[]) => {
    checkNames(name, labelNames, metrics);
    const context: MetricContext = {
      name,
      labelNames,
      seriesFor: (create, limit = maxSeries) =>
        createSeriesMap({
          metric: name,
          labelNames,
          maxSeries: limit,
          create,
          onFold: () => dropped.inc({ metric: name }),
        }),
      register(type, write) {
        const header = `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}`;
        metrics.push({ name, header, write });
      },
    };
    return context;
  };

  // Its one label is a metric name, so the registry itself bounds it: no limit, which also
  // keeps a fold from counting itself into another fold.
  const dropped = createCounter(
    contextFor(
      droppedSeriesMetric,
      'Updates folded into a metric\'s "_other_" series because it reached its series limit.',
      ["metric"],
    ),
    Number.POSITIVE_INFINITY,
  );

  return {
    counter: (name, help, labelNames) => createCounter(contextFor(name, help, labelNames)),
    gauge: (name, help, labelNames) => createGauge(contextFor(name, help, labelNames)),
    gaugeFn(name, help, labelNames, collect) {
      registerGaugeFn(contextFor(name, help, labelNames), collect);
    },
    histogram: (name, help, labelNames, buckets) =>
      createHistogram(contextFor(name, help, labelNames), buckets),
    render() {
      // Written last to first, so the dropped-series counter (registered first) also counts the
      // folds that scrape-time gauges make during this very render.
      const parts: string[] = new Array(metrics.length);
      for (let i = metrics.length - 1; i >= 0; i--) {
        const metric = metrics[i] as Metric;
        const out = [metric.header];
        metric.write(out);
        parts[i] = out.join("\n");
      }
      return `${parts.join("\n")}\n`;
    },
  };
}

// --- internal ---

type Metric = { name: string; header: string; write(out: string[]): void };

function checkNames(name: string, labelNames: readonly string[], metrics: Metric[]): void {
  if (!metricNamePattern.test(name)) throw new Error(`invalid metric name "${name}"`);
  if (metrics.some((metric) => metric.name === name)) {
    throw new Error(`metric "${name}" is already registered`);
  }
  for (const label of labelNames) {
    if (!labelNamePattern.test(label)) throw new Error(`${name}: invalid label name "${label}"`);
  }
  if (new Set(labelNames).size !== labelNames.length) {
    throw new Error(`${name}: duplicate label names`);
  }
}
