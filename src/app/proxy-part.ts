// The routing and upstream part of one config: the balancer, targets, the active health checks,
// the response cache and the pipeline context they make, over the credential pools built before
// it. A reload builds a new one from the previous: providers that keep their name and base_url
// keep their live state, the cache stays while its settings do.

import { createCacheBackend, createResponseCache, type ResponseCache } from "../cache/index.ts";
import { type Config, configuredSecrets } from "../config/index.ts";
import type { CredentialPool } from "../credentials/index.ts";
import type { Logger } from "../observability/index.ts";
import {
  type Balancer,
  createBalancer,
  createHealthChecker,
  type HealthChecker,
  type StateChange,
} from "../routing/index.ts";
import {
  createEndpointPolicy,
  createInFlight,
  createModelCatalog,
  createPrefixStripper,
  createRequestCache,
  createTargets,
  fetchModelList,
  healthCheckRequest,
  type ModelCatalog,
  type PipelineContext,
} from "../server/index.ts";
import { createRedactor } from "../shared/index.ts";
import type { Target } from "../upstream/index.ts";
import type { ObservabilityPart } from "./observability-part.ts";
import { createRefCounted, type RefCounted } from "./ref-counted.ts";
import type { Runtime } from "./runtime.ts";
import { sameJson } from "./same-json.ts";

export type ProxyPart = {
  ctx: PipelineContext;
  balancer: Balancer;
  credentials: Map<string, CredentialPool>;
  /** The response cache, shared with the next part when a reload keeps it. */
  cache: RefCounted<ResponseCache> | undefined;
  /** GET /v1/models; the next part starts from the provider lists it learned. */
  models: ModelCatalog;
  checkHealth(): Promise<void>;
  /** Stops the active health checks: they write into provider state the next part shares. */
  stopHealthChecks(): void;
  close(): Promise<void>;
};

export type PreviousProxy = { config: Config; part: ProxyPart };

/** `credentials`: the pools buildCredentialPools made from `config`. */
export function createProxyPart(
  config: Config,
  runtime: Runtime,
  observability: ObservabilityPart,
  credentials: Map<string, CredentialPool>,
  previous: PreviousProxy | undefined,
): ProxyPart {
  const { clock, logger } = runtime;
  const balancer = createBalancer(config, {
    clock,
    onChange: (change) => logStateChange(logger, change),
    hasUsableCredential: (name) => credentials.get(name)?.hasUsable() ?? true,
    onPanic: (provider) => runtime.metrics.panicRouted.inc({ provider }),
    previous: previous?.part.balancer,
    // one instance's evidence protects the others (shared.redis)
    onBreakerOpened: (provider, cooldownMs, reason) =>
      void runtime.shared.announce({
        type: "breaker_opened",
        provider,
        cooldown_ms: cooldownMs,
        reason,
      }),
  });
  const targets = createTargets(config);
  const kept =
    previous && sameJson(previous.config.cache, config.cache) ? previous.part.cache : undefined;
  const cache = kept?.share() ?? cacheFor(config, runtime);
  const responseCache = cache?.value;
  const models = createModelCatalog(
    config,
    (name) =>
      fetchModelList(
        targets.get(name) as Target,
        runtime.fetch,
        config.routing.health_check.timeout,
      ),
    previous?.part.models.learned(),
  );
  const health = startHealthChecks(config, runtime, balancer, targets, models);
  const ctx: PipelineContext = {
    config,
    balancer,
    auth: runtime.authenticator(config),
    admission: runtime.admission,
    targets,
    credentials,
    endpoints: createEndpointPolicy(config.endpoints),
    logger,
    redact: createRedactor(configuredSecrets(config)),
    attemptDeps: {
      fetch: runtime.fetch,
      probe: runtime.probe,
      reachability: runtime.reachability,
      clock,
    },
    shutdown: runtime.shutdown,
    inFlight: createInFlight(runtime.inFlight),
    report: observability.report,
    clock,
    sampleTrace: observability.sampleTrace,
    logBodies: config.logging.level === "debug" || config.logging.level === "trace",
    extractUsage: config.usage.enabled || config.auth.mode === "tokens",
    sessions: observability.sessions,
    cache: responseCache && createRequestCache(responseCache, config.cache, balancer),
    bodyLimits: {
      maxBytes: config.server.max_body,
      timeoutMs: config.server.body_timeout,
      budget: runtime.bodyBudget,
    },
    modelPrefixes: createPrefixStripper(config.routing.model_prefixes),
    budgets: budgetsFor(config, runtime, observability),
    models,
  };
  return {
    ctx,
    balancer,
    credentials,
    cache,
    models,
    checkHealth: health.checkAll,
    stopHealthChecks: health.stop,
    async close() {
      health.stop();
      await cache?.release();
    },
  };
}

// --- internal ---

function budgetsFor(
  config: Config,
  runtime: Runtime,
  observability: ObservabilityPart,
): PipelineContext["budgets"] {
  const ledger = runtime.ledger(config);
  return ledger && { ledger, priceOf: observability.priceOf, settings: config.budgets };
}

function cacheFor(config: Config, runtime: Runtime): RefCounted<ResponseCache> | undefined {
  if (!config.cache.enabled) return undefined;
  const { logger, clock } = runtime;
  const cache = createResponseCache({
    backend: createCacheBackend(config.cache, {
      db: runtime.storage.databaseFor(config),
      clock,
      // the outage itself is logged once by the response cache; each retry only at debug
      onConnectError: (error) => logger.debug(error.message),
    }),
    clock,
    onFailure: (operation) =>
      runtime.metrics.cacheErrors.inc({ backend: config.cache.backend, operation }),
    onHealthChange: (healthy, detail) => (healthy ? logger.info(detail) : logger.warn(detail)),
  });
  return createRefCounted(cache, () => cache.close());
}

function startHealthChecks(
  config: Config,
  runtime: Runtime,
  balancer: Balancer,
  targets: Map<string, Target>,
  models: ModelCatalog,
): HealthChecker {
  const settings = config.routing.health_check;
  const checker = createHealthChecker(
    balancer.providers,
    { intervalMs: settings.interval, timeoutMs: settings.timeout },
    {
      fetch: runtime.fetch,
      clock: runtime.clock,
      requestFor: (provider) =>
        healthCheckRequest(
          targets.get(provider.name) as Target,
          provider.config.health_check_path ?? settings.path,
        ),
      // a check of the provider's own models path brings its model list
      onAnswer: (provider, body) => models.learn(provider.name, body),
    },
  );
  if (settings.enabled) checker.start();
  return checker;
}

function logStateChange(logger: Logger, change: StateChange): void {
  const message = `provider ${change.provider}: ${change.message}`;
  if (change.level === "warn") logger.warn(message);
  else logger.info(message);
}
