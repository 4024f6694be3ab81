// The observability part of one config: the event bus and its observers (request log, usage
// writer, trace writer, metrics, token charging), session detection, pricing of usage rows and
// trace sampling. A reload builds a new one; sessions and the writers (with their backlogs and
// counts) carry over while their settings stay.

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
  type Observer,
  type SessionDetector,
  type TraceWriter,
  type UsageWriter,
} from "../observability/index.ts";
import { createPriceTable, type Price } from "../pricing/index.ts";
import type { ReportContext } from "../server/index.ts";
import { messageOf } from "../shared/index.ts";
import { createRefCounted, type RefCounted } from "./ref-counted.ts";
import type { Runtime } from "./runtime.ts";
import { sameJson } from "./same-json.ts";
import { tracesGoToSqlite } from "./storage-part.ts";

export type ObservabilityPart = {
  /** The price of `model` served by `provider` now (built-in table and pricing: overrides). */
  priceOf: (provider: string, model: string) => Price | undefined;
  report: ReportContext;
  sessions: SessionDetector | undefined;
  /** Whether this request is traced (traces.sample_rate, from the injected random). */
  sampleTrace: () => boolean;
  /** Shared with the next part while usage stays enabled. */
  usageWriter: RefCounted<UsageWriter> | undefined;
  /** Shared with the next part while the trace sinks and retention stay. */
  traceWriter: RefCounted<TraceWriter> | undefined;
  close(): Promise<void>;
};

type PreviousObservability = { config: Config; part: ObservabilityPart };

const finished = ["response_finished"] as const;

export function createObservabilityPart(
  config: Config,
  runtime: Runtime,
  previous: PreviousObservability | undefined,
): ObservabilityPart {
  const { logger, clock } = runtime;
  const bus = createEventBus((error) =>
    logger.error("a request observer failed", { cause: messageOf(error) }),
  );
  // every observer of finished requests takes them a turn's worth at a time (EventBus.subscribe)
  const observe = (observer: Observer) => bus.subscribe(observer, finished, "batched");
  if (config.logging.requests) observe(createRequestLogger(logger));
  const usageWriter = usageWriterFor(config, runtime, previous);
  if (usageWriter) observe(usageWriter.value.observer);
  const traceWriter = traceWriterFor(config, runtime, previous);
  if (traceWriter) observe(traceObserver(config, traceWriter.value));
  if (config.metrics.enabled) observe(createMetricsObserver(runtime.metrics));
  const auth = runtime.authenticator(config);
  if (auth) {
    // tpm counts what upstreams really used, once each request is over
    observe((event) => {
      if (event.type !== "response_finished") return;
      const { token_id, input_tokens, output_tokens } = event.record;
      if (token_id !== null) auth.chargeTokens(token_id, input_tokens + output_tokens);
    });
  }
  const prices = createPriceTable({ overrides: config.pricing, providers: config.providers });
  return {
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
      // the writers write what they hold unless the next part has them; sessions and metrics
      // live on in the next part
      bus.drain();
      await Promise.all([usageWriter?.release(), traceWriter?.release()]);
    },
  };
}

// --- internal ---

function usageWriterFor(
  config: Config,
  runtime: Runtime,
  previous: PreviousObservability | undefined,
): RefCounted<UsageWriter> | undefined {
  const repositories = runtime.storage.repositoriesFor(config);
  if (!config.usage.enabled || !repositories) return undefined;
  // the store lives as long as the process: the writer depends on nothing else
  const kept = previous?.part.usageWriter;
  if (kept) return kept.share();
  const writer = createUsageWriter({
    repository: repositories.usage,
    onWriteError: (error, backlog) =>
      runtime.logger.error("could not write usage records; will retry", {
        cause: messageOf(error),
        backlog,
      }),
  });
  return createRefCounted(writer, () => writer.close());
}

function traceWriterFor(
  config: Config,
  runtime: Runtime,
  previous: PreviousObservability | undefined,
): RefCounted<TraceWriter> | undefined {
  const settings = traceWriterSettings(config);
  if (!settings) return undefined;
  const kept = previous?.part.traceWriter;
  if (kept && sameJson(traceWriterSettings(previous.config), settings)) return kept.share();
  const writer = createTraceWriter({
    sinks: {
      sqlite: settings.sqlite ? runtime.storage.repositoriesFor(config)?.traces : undefined,
      jsonlDirectory: settings.jsonlDirectory,
    },
    retentionMs: settings.retentionMs,
    clock: runtime.clock,
    onError: (error) =>
      runtime.logger.error("could not write traces; will retry", { cause: messageOf(error) }),
  });
  void writer.prune(runtime.clock.now());
  return createRefCounted(writer, () => writer.close());
}

/** What a trace writer is made from (the rest of traces.* is the observer's). */
function traceWriterSettings(config: Config) {
  const { traces } = config;
  if (!traces.enabled) return undefined;
  return {
    sqlite: tracesGoToSqlite(config),
    jsonlDirectory: traces.sink === "sqlite" ? undefined : traces.directory,
    retentionMs: traces.retention,
  };
}

function traceObserver(config: Config, writer: TraceWriter): Observer {
  const { traces } = config;
  return createTraceObserver({
    writer,
    includeHeaders: traces.include_headers,
    includeBody: traces.include_body,
    maxBody: traces.max_body,
    redactHeaderNames: traces.redact_headers,
    secrets: configuredSecrets(config),
    streamTextNow: traces.sink !== "sqlite",
  });
}

function sessionsFor(
  config: Config,
  runtime: Runtime,
  previous: PreviousObservability | undefined,
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
