// Gauges read at scrape time: requests in flight and queued, each provider's state, and the
// usage, trace and spend writers' backlogs and drops.

import type { Registry } from "./metrics/index.ts";

export type RuntimeSources = {
  inFlight: () => number;
  queued: () => number;
  providerStates: () => { name: string; state: string }[];
  usageBacklog: () => number;
  usageDropped: () => number;
  activeSessions: () => number;
  traceBacklog: () => number;
  traceDropped: () => number;
  spendDropped: () => number;
};

export function registerRuntimeGauges(registry: Registry, sources: RuntimeSources): void {
  const single = (value: () => number) => () => [{ labels: {}, value: value() }];
  registry.gaugeFn(
    "llm_proxy_in_flight_requests",
    "Proxied requests being served",
    [],
    single(sources.inFlight),
  );
  registry.gaugeFn(
    "llm_proxy_queued_requests",
    "Requests waiting for a place in the global queue",
    [],
    single(sources.queued),
  );
  registry.gaugeFn(
    "llm_proxy_provider_up",
    "1 when the provider can take traffic (state available or at_capacity), else 0",
    ["provider", "state"],
    () =>
      sources.providerStates().map(({ name, state }) => ({
        labels: { provider: name, state },
        value: state === "available" || state === "at_capacity" ? 1 : 0,
      })),
  );
  registry.gaugeFn(
    "llm_proxy_usage_writer_backlog",
    "Usage records waiting to be written",
    [],
    single(sources.usageBacklog),
  );
  registry.gaugeFn(
    "llm_proxy_usage_writer_dropped",
    "Usage records dropped because the store kept failing",
    [],
    single(sources.usageDropped),
  );
  registry.gaugeFn(
    "llm_proxy_active_sessions",
    "Conversations seen within sessions.ttl",
    [],
    single(sources.activeSessions),
  );
  registry.gaugeFn(
    "llm_proxy_trace_writer_backlog",
    "Traces waiting to be written",
    [],
    single(sources.traceBacklog),
  );
  registry.gaugeFn(
    "llm_proxy_trace_writer_dropped",
    "Traces dropped because their sink kept failing",
    [],
    single(sources.traceDropped),
  );
  registry.gaugeFn(
    "llm_proxy_spend_writer_dropped",
    "Budget windows whose unsaved spend was dropped because the store kept failing",
    [],
    single(sources.spendDropped),
  );
}
