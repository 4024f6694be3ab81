// Metrics: a Prometheus registry and the proxy's metric set.

export { createModelLabels, type ModelLabels } from "./model-labels.ts";
export {
  type CacheLabel,
  createProxyMetrics,
  latencyBucketsSeconds,
  type ProxyMetrics,
  type StatusClass,
  statusClass,
  type TokenDirection,
  type TypedCounter,
  type TypedHistogram,
} from "./proxy-metrics.ts";
export { createRegistry, defaultMaxSeriesPerMetric, droppedSeriesMetric } from "./registry.ts";
export type {
  Counter,
  Gauge,
  GaugeSample,
  Histogram,
  Labels,
  Registry,
  RegistryOptions,
} from "./types.ts";
