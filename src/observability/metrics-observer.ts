// Turns request events into Prometheus metrics; label values come from config names, status
// classes and models an upstream has answered with a 2xx, never ids or secrets.

import type { Observer } from "./events.ts";
import { type CacheLabel, type ProxyMetrics, statusClass } from "./metrics/index.ts";

export function createMetricsObserver(metrics: ProxyMetrics): Observer {
  // the registry lives for the process, so do the models it has seen answered (a reload keeps them)
  const models = metrics.modelLabels;
  return (event) => {
    if (event.type !== "response_finished") return;
    const { record } = event;
    const provider = record.provider ?? "none";
    const status_class = statusClass(record.status);
    // A cache hit replays an upstream's 2xx, so it proves the model as well.
    const answered =
      status_class === "2xx" && (record.provider !== null || record.cache_status === "hit");
    const model = models.labelFor(record.model, answered);
    metrics.requests.inc({ provider, model, status_class, cache: cacheLabel(record.cache_status) });
    metrics.requestDuration.observe({ provider, status_class }, record.total_ms / 1000);
    if (record.ttfb_ms !== null) metrics.ttfb.observe({ provider }, record.ttfb_ms / 1000);
    if (record.input_tokens > 0) {
      metrics.tokens.inc({ provider, model, direction: "input" }, record.input_tokens);
    }
    if (record.output_tokens > 0) {
      metrics.tokens.inc({ provider, model, direction: "output" }, record.output_tokens);
    }
    if (record.cached_tokens > 0) {
      metrics.tokens.inc({ provider, model, direction: "cached" }, record.cached_tokens);
    }
    if (record.cost_usd === null) metrics.unpriced.inc({ provider, model });
    else if (record.cost_usd > 0) metrics.cost.inc({ provider, model }, record.cost_usd);
    for (const failed of event.failed_attempts) metrics.retries.inc({ provider: failed });
    if (record.error_class && record.provider) {
      metrics.upstreamErrors.inc({ provider, kind: record.error_class });
    }
  };
}

function cacheLabel(status: string | null): CacheLabel {
  return status === "hit" || status === "miss" || status === "bypass" ? status : "none";
}
