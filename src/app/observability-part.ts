// The observability part of one config: the event bus and its observers (request log, usage
// writer, trace writer, metrics, token charging), session detection, pricing of usage rows and
// trace sampling. A reload builds a new one; sessions carry over while their settings stay.

import { type Config, configuredSecrets } from "../config/index.ts";
import {
  createEventBus,
  createMetricsObserver,
  createRequestLogger,
  createSessionDetector,
  createTraceObserver,
  createTraceWriter,
  createUsageCoster,
  createUsageWriter,
  type EventBus,
  type SessionDetector,
  type TraceWriter,
  type UsageWriter,
} from "../observability/index.ts";
import { createPriceTable, type Price } from "../pricing/index.ts";
import type { ReportContext } from "../server/index.ts";
import type { Runtime } from "./runtime.ts";
import { sameJson } from "./same-json.ts";
import { tracesGoToSqlite } from "./storage-part.ts";

export type ObservabilityPart = {
  bus: EventBus;
  /** The price of `model` served by `provider` now (built-in table and pricing: overrides). */
  priceOf: (provider: string, model: string) => Price | undefined;
  report: ReportContext;
  sessions: SessionDetector | undefined;
  /** Whether this request is traced (traces.sample_rate, from the injected random). */
  sampleTrace: () => boolean;
  usageWriter: UsageWriter | undefined;
  traceWriter: TraceWriter | undefined;
  close(): Promise<void>;
};

const finished = ["response_finished"] as const;

export function createObservabilityPart(
  config: Config,
  runtime: Runtime,
  previous: { config: Config; part: ObservabilityPart } | undefined,
): ObservabilityPart {
  const { logger, clock } = runtime;
  const bus = createEventBus((error) => logger.error("a request observer failed", causeOf(error)));
  if (config.logging.requests) bus.subscribe(createRequestLogger(logger), finished);
  const usageWriter = startUsageWriter(config, runtime, bus);
  const traceWriter = startTraceWriter(config, runtime, bus);
  if (config.metrics.enabled) bus.subscribe(createMetricsObserver(runtime.metrics), finished);
  const auth = runtime.authenticator(config);
  if (auth) {
    // tpm counts what upstreams really used, once each request is over
    bus.subscribe((event) => {
      if (event.type !== "response_finished") return;
      const { token_id, input_tokens, output_tokens } = event.record;
      if (token_id !== null) auth.chargeTokens(token_id, input_tokens + output_tokens);
    }, finished);
  }
  const prices = createPriceTable({ overrides: config.pricing, providers: config.providers });
  return {
    bus,
    priceOf: (provider, model) => prices.lookup(provider, model, clock.now())?.price,
    report: {
      bus,
      clock,
      costOf: createUsageCoster((provider, model, at) => prices.lookup(provider, model, at)?.price),
      captureBudget: runtime.captureBudget,
    },
    sessions: sessionsFor(config, runtime, previous),
    sampleTrace: samplerFor(config.traces.sample_rate, runtime.random),
    usageWriter,
    traceWriter,
    async close() {
      // the writers write what they hold; sessions and metrics live on in the next part
      await Promise.all([usageWriter?.close(), traceWriter?.close()]);
    },
  };
}

// --- internal ---

function causeOf(error: unknown): { cause: string } {
  return { cause: error instanceof Error ? error.message : String(error) };
}

function startUsageWriter(
  config: Config,
  runtime: Runtime,
  bus: EventBus,
): UsageWriter | undefined {
  const repositories = runtime.storage.repositoriesFor(config);
  if (!config.usage.enabled || !repositories) return undefined;
  const writer = createUsageWriter({
    repository: repositories.usage,
    onWriteError: (error, backlog) =>
      runtime.logger.error("could not write usage records; will retry", {
        ...causeOf(error),
        backlog,
      }),
  });
  bus.subscribe(writer.observer, finished);
  return writer;
}

function startTraceWriter(
  config: Config,
  runtime: Runtime,
  bus: EventBus,
): TraceWriter | undefined {
  const { traces } = config;
  if (!traces.enabled) return undefined;
  const writer = createTraceWriter({
    sinks: {
      sqlite: tracesGoToSqlite(config)
        ? runtime.storage.repositoriesFor(config)?.traces
        : undefined,
      jsonlDirectory: traces.sink === "sqlite" ? undefined : traces.directory,
    },
    retentionMs: traces.retention,
    clock: runtime.clock,
    onError: (error) => runtime.logger.error("could not write traces; will retry", causeOf(error)),
  });
  void writer.prune(runtime.clock.now());
  const observer = createTraceObserver({
    writer,
    includeHeaders: traces.include_headers,
    includeBody: traces.include_body,
    maxBody: traces.max_body,
    redactHeaderNames: traces.redact_headers,
    secrets: configuredSecrets(config),
    streamTextNow: traces.sink !== "sqlite",
  });
  bus.subscribe(observer, finished);
  return writer;
}

function sessionsFor(
  config: Config,
  runtime: Runtime,
  previous: { config: Config; part: ObservabilityPart } | undefined,
): SessionDetector | undefined {
  if (!config.sessions.enabled) return undefined;
  if (previous?.part.sessions && sameJson(previous.config.sessions, config.sessions)) {
    return previous.part.sessions;
  }
  return createSessionDetector({
    maxSessions: config.sessions.max_sessions,
    maxBytes: config.sessions.max_bytes,
    ttlMs: config.sessions.ttl,
    clock: runtime.clock,
  });
}

/** traces.sample_rate: every request at 1, none at 0, else a share drawn from `random`. */
function samplerFor(rate: number, random: () => number): () => boolean {
  if (rate >= 1) return () => true;
  if (rate <= 0) return () => false;
  return () => random() < rate;
}
