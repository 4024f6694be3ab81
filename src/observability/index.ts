// Observability: logging, the request event bus and its observers (usage writer, metrics,
// request log), usage extraction and the Prometheus registry.

export {
  createEventBus,
  type EventBus,
  type Exchange,
  type Observer,
  type ProxyEvent,
} from "./events.ts";
export { createLogger, type Logger, type LoggerOptions, type LogSink } from "./logger.ts";
export {
  createProxyMetrics,
  createRegistry,
  type ProxyMetrics,
  type Registry,
} from "./metrics/index.ts";
export { createMetricsObserver } from "./metrics-observer.ts";
export { createRequestLogger, debugBodyBytes } from "./request-logger.ts";
export { type RuntimeSources, registerRuntimeGauges } from "./runtime-gauges.ts";
export { createSessionDetector, type SessionDetector } from "./sessions/index.ts";
export { createTraceObserver } from "./trace-observer.ts";
export { createTraceWriter, type TraceWriter, withStreamText } from "./traces/index.ts";
export {
  createStreamUsageTap,
  noUsage,
  type StreamUsageTap,
  type Usage,
  type UsageKind,
  usageFromBody,
  usageKindForPath,
} from "./usage/index.ts";
export {
  createUsageCoster,
  type UsageCoster,
} from "./usage-cost.ts";
export { createUsageWriter, type UsageWriter } from "./usage-writer.ts";
