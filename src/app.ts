// The composition root: wires config and side-effect handles into the request handler.

import packageJson from "../package.json" with { type: "json" };
import { type Authenticator, createAuthenticator, createManagement } from "./auth/index.ts";
import { createCacheBackend, createResponseCache } from "./cache/index.ts";
import { type Config, configuredSecrets } from "./config/index.ts";
import { type CredentialPool, createCredentialPool } from "./credentials/index.ts";
import {
  createCaptureBudget,
  createEventBus,
  createLogger,
  createMetricsObserver,
  createProxyMetrics,
  createRegistry,
  createRequestLogger,
  createSessionDetector,
  createTraceObserver,
  createTraceWriter,
  createUsageCoster,
  createUsageWriter,
  type Logger,
  registerRuntimeGauges,
} from "./observability/index.ts";
import { createPriceTable } from "./pricing/index.ts";
import { providerFor } from "./providers/index.ts";
import {
  type Balancer,
  createBalancer,
  createHealthChecker,
  createSemaphore,
  type StateChange,
} from "./routing/index.ts";
import {
  createAddressResolver,
  createAdminGate,
  createAdminHandler,
  createBodyBudget,
  createBuiltinRoutes,
  createEndpointPolicy,
  createHandler,
  createInFlight,
  createPrefixStripper,
  createRequestCache,
  createTargets,
  healthCheckRequest,
  type Servable,
} from "./server/index.ts";
import { type Clock, createRedactor, systemClock } from "./shared/index.ts";
import {
  createAuditRepository,
  createBudgetRepository,
  createProjectRepository,
  createTokenRepository,
  createTraceRepository,
  createUsageRepository,
  openStore,
  type Store,
} from "./store/index.ts";
import {
  type ConnectProbe,
  createReachabilityMemory,
  createShutdownSwitch,
  type Target,
  tcpConnectProbe,
} from "./upstream/index.ts";

export const version: string = packageJson.version;

export type Deps = {
  fetch: typeof fetch;
  clock: Clock;
  /** Uniform in [0, 1): trace sampling and the balancer's picks. */
  random: () => number;
  logger: Logger;
  /** TCP reachability check used to tell a connect timeout from a slow model. */
  probe: ConnectProbe;
  /** The sqlite store; opened from storage.path when tokens or the admin API need it. */
  store: Store;
  /** Credential pools from createCredentialPools, for providers with `keys` or `auth`. */
  credentials: Map<string, CredentialPool>;
};

/**
 * Builds the credential pool of every provider with `keys` or `auth` (reading secrets files and
 * keys). Async, so it runs before createApp; a bad secrets file stops startup here.
 */
export async function createCredentialPools(
  config: Config,
  deps: { fetch?: typeof fetch; clock?: Clock } = {},
): Promise<Map<string, CredentialPool>> {
  const pools = new Map<string, CredentialPool>();
  for (const provider of config.providers) {
    const kind = providerFor(provider);
    const pool = await createCredentialPool(provider, {
      fetch: deps.fetch ?? globalThis.fetch,
      clock: deps.clock ?? systemClock,
      applyKey: (headers, secret) => kind.applyCredential(headers, secret),
    });
    if (pool) pools.set(provider.name, pool);
  }
  return pools;
}

export type App = Servable & {
  config: Config;
  balancer: Balancer;
  /** Runs one round of active health checks now (also runs every health_check.interval). */
  checkHealth(): Promise<void>;
};

/** Origins that answered within this window are not probed on slow responses. */
const reachabilityWindowMs = 60_000;

export function createApp(config: Config, deps: Partial<Deps> = {}): App {
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const logger =
    deps.logger ?? createLogger({ ...config.logging, secrets: configuredSecrets(config) });
  const shutdown = createShutdownSwitch();
  const inFlight = createInFlight();
  const fetchImpl = deps.fetch ?? globalThis.fetch;
  const credentials = deps.credentials ?? new Map<string, CredentialPool>();
  for (const provider of config.providers) {
    if ((provider.keys || provider.auth) && !credentials.has(provider.name)) {
      throw new Error(
        `provider ${provider.name} has keys or auth: build its pool with createCredentialPools first`,
      );
    }
  }
  const registry = createRegistry();
  const metrics = config.metrics.enabled ? createProxyMetrics(registry) : undefined;
  const balancer = createBalancer(config, {
    clock,
    onChange: (change) => logStateChange(logger, change),
    hasUsableCredential: (name) => credentials.get(name)?.hasUsable() ?? true,
    onPanic: (provider) => metrics?.panicRouted.inc({ provider }),
  });
  const providerSnapshots = () =>
    balancer.snapshot().map((snapshot) => ({
      ...snapshot,
      credentials: credentials.get(snapshot.name)?.snapshot() ?? null,
    }));
  const targets = createTargets(config);
  const tracesToSqlite = tracesGoToSqlite(config);
  const wantsStore = needsStore(config);
  const ownsStore = wantsStore && deps.store === undefined;
  const store = wantsStore ? (deps.store ?? openStore(config.storage.path)) : undefined;
  const repositories = store && {
    projects: createProjectRepository(store.db),
    tokens: createTokenRepository(store.db),
    budgets: createBudgetRepository(store.db),
    audit: createAuditRepository(store.db),
    usage: createUsageRepository(store.db),
    traces: createTraceRepository(store.db),
  };
  const prices = createPriceTable({ overrides: config.pricing, providers: config.providers });
  const bus = createEventBus((error) =>
    logger.error("a request observer failed", {
      cause: error instanceof Error ? error.message : String(error),
    }),
  );
  const finished = ["response_finished"] as const;
  if (config.logging.requests) bus.subscribe(createRequestLogger(logger), finished);
  const usageWriter =
    config.usage.enabled && repositories
      ? createUsageWriter({
          repository: repositories.usage,
          onWriteError: (error, backlog) =>
            logger.error("could not write usage records; will retry", {
              cause: error instanceof Error ? error.message : String(error),
              backlog,
            }),
        })
      : undefined;
  if (usageWriter) bus.subscribe(usageWriter.observer, finished);
  const traceWriter = config.traces.enabled
    ? createTraceWriter({
        sinks: {
          sqlite: tracesToSqlite ? repositories?.traces : undefined,
          jsonlDirectory: config.traces.sink === "sqlite" ? undefined : config.traces.directory,
        },
        retentionMs: config.traces.retention,
        clock,
        onError: (error) =>
          logger.error("could not write traces; will retry", {
            cause: error instanceof Error ? error.message : String(error),
          }),
      })
    : undefined;
  if (traceWriter) {
    traceWriter.prune(clock.now());
    bus.subscribe(
      createTraceObserver({
        writer: traceWriter,
        includeHeaders: config.traces.include_headers,
        includeBody: config.traces.include_body,
        maxBody: config.traces.max_body,
        redactHeaderNames: config.traces.redact_headers,
        secrets: configuredSecrets(config),
      }),
      finished,
    );
  }
  const sessions = config.sessions.enabled
    ? createSessionDetector({
        maxSessions: config.sessions.max_sessions,
        maxBytes: config.sessions.max_bytes,
        ttlMs: config.sessions.ttl,
        clock,
      })
    : undefined;
  if (metrics) bus.subscribe(createMetricsObserver(metrics), finished);
  const responseCache = config.cache.enabled
    ? createResponseCache({
        backend: createCacheBackend(config.cache, {
          db: store?.db,
          clock,
          // the outage itself is logged once by the response cache; each retry only at debug
          onConnectError: (error) => logger.debug(error.message),
        }),
        clock,
        onFailure: (operation) =>
          metrics?.cacheErrors.inc({ backend: config.cache.backend, operation }),
        onHealthChange: (healthy, detail) => (healthy ? logger.info(detail) : logger.warn(detail)),
      })
    : undefined;
  const auth: Authenticator | undefined =
    config.auth.mode === "tokens" && repositories
      ? createAuthenticator({
          tokens: repositories.tokens,
          projects: repositories.projects,
          clock,
          onFlushError: (error) =>
            logger.error("could not record token usage; will retry", {
              cause: error instanceof Error ? error.message : String(error),
            }),
        })
      : undefined;
  if (auth) {
    // tpm counts what upstreams really used, once each request is over
    bus.subscribe((event) => {
      if (event.type !== "response_finished") return;
      const { token_id, input_tokens, output_tokens } = event.record;
      if (token_id !== null) auth.chargeTokens(token_id, input_tokens + output_tokens);
    }, finished);
  }
  const admission = createSemaphore({
    capacity: config.queue.max_concurrent,
    maxWaiting: config.queue.max_queued,
  });
  const bodyBudget = createBodyBudget(config.server.max_body_in_flight);
  const ctx = {
    config,
    balancer,
    auth,
    admission,
    targets,
    credentials,
    endpoints: createEndpointPolicy(config.endpoints),
    logger,
    redact: createRedactor(configuredSecrets(config)),
    attemptDeps: {
      fetch: fetchImpl,
      probe: deps.probe ?? tcpConnectProbe,
      reachability: createReachabilityMemory(reachabilityWindowMs, () => clock.now()),
      clock,
    },
    shutdown,
    inFlight,
    report: {
      bus,
      clock,
      costOf: createUsageCoster((provider, model, at) => prices.lookup(provider, model, at)?.price),
      captureBudget: createCaptureBudget(config.traces.max_capture_in_flight, () =>
        metrics?.traceCapturesCut.inc({}),
      ),
    },
    clock,
    sampleTrace: createSampler(config.traces.sample_rate, random),
    sessions,
    cache: responseCache && createRequestCache(responseCache, config.cache, balancer),
    logBodies: config.logging.level === "debug" || config.logging.level === "trace",
    extractUsage: config.usage.enabled || config.auth.mode === "tokens",
    bodyLimits: {
      maxBytes: config.server.max_body,
      timeoutMs: config.server.body_timeout,
      budget: bodyBudget,
    },
    modelPrefixes: createPrefixStripper(config.routing.model_prefixes),
  };
  const healthSettings = config.routing.health_check;
  const healthChecker = createHealthChecker(
    balancer.providers,
    { intervalMs: healthSettings.interval, timeoutMs: healthSettings.timeout },
    {
      fetch: fetchImpl,
      clock,
      requestFor: (provider) =>
        healthCheckRequest(
          targets.get(provider.name) as Target,
          provider.config.health_check_path ?? healthSettings.path,
        ),
    },
  );
  if (healthSettings.enabled) healthChecker.start();
  registerRuntimeGauges(registry, {
    inFlight: inFlight.count,
    queued: () => admission.waiting(),
    providerStates: () => balancer.snapshot().map(({ name, state }) => ({ name, state })),
    usageBacklog: () => usageWriter?.backlog() ?? 0,
    usageDropped: () => usageWriter?.dropped() ?? 0,
    activeSessions: () => sessions?.activeSessions() ?? 0,
    traceBacklog: () => traceWriter?.backlog() ?? 0,
    traceDropped: () => traceWriter?.dropped() ?? 0,
  });
  const adminGate = createAdminGate({
    adminKey: config.auth.admin_key,
    resolveAddress: createAddressResolver(config.server.trusted_proxies),
    clock,
    logger,
  });
  const routes = createBuiltinRoutes({
    adminGate,
    config,
    version,
    startedAt: clock.now(),
    providerSnapshots,
    checkStore: store && (async () => checkStore(store)),
    inFlight,
    admission,
    bodyBudget,
    metrics: config.metrics.enabled ? () => registry.render() : undefined,
  });
  const admin = createAdminHandler({
    adminKey: config.auth.admin_key,
    gate: adminGate,
    management:
      repositories && createManagement({ ...repositories, actor: "admin", now: () => clock.now() }),
    audit: repositories?.audit,
    usage: config.usage.enabled ? repositories?.usage : undefined,
    traces: tracesToSqlite ? repositories?.traces : undefined,
    clearCache: responseCache && (() => responseCache.clear()),
    providerSnapshots,
    resetCredentials: (name) => {
      const pool = credentials.get(name);
      pool?.reset();
      return pool !== undefined;
    },
    resetProvider: (name) => balancer.reset(name),
    now: () => clock.now(),
  });
  const handler = createHandler(routes, admin, ctx);
  return {
    config,
    balancer,
    checkHealth: healthChecker.checkAll,
    fetch: handler,
    abortInFlight: () => shutdown.trip(),
    inFlight: inFlight.count,
    waitForIdle: inFlight.idle,
    close: async () => {
      healthChecker.stop();
      adminGate.close();
      auth?.close();
      try {
        usageWriter?.close();
        traceWriter?.close();
        responseCache?.close();
      } finally {
        if (ownsStore) store?.close();
      }
    },
  };
}

/** Whether anything configured keeps its data in the store (storage.path). */
export function needsStore(config: Config): boolean {
  return (
    config.auth.mode === "tokens" ||
    config.auth.admin_key !== "" ||
    config.usage.enabled ||
    tracesGoToSqlite(config) ||
    (config.cache.enabled && config.cache.backend === "sqlite")
  );
}

// --- internal ---

function tracesGoToSqlite(config: Config): boolean {
  return config.traces.enabled && config.traces.sink !== "jsonl";
}

/** traces.sample_rate: every request at 1, none at 0, else a share drawn from `random`. */
function createSampler(rate: number, random: () => number): () => boolean {
  if (rate >= 1) return () => true;
  if (rate <= 0) return () => false;
  return () => random() < rate;
}

function checkStore(store: Store): { ok: boolean; error?: string } {
  try {
    store.db.query("select 1").get();
    return { ok: true };
  } catch (error: unknown) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function logStateChange(logger: Logger, change: StateChange): void {
  const message = `provider ${change.provider}: ${change.message}`;
  if (change.level === "warn") logger.warn(message);
  else logger.info(message);
}
