// The composition root: wires config and side-effect handles into the request handler.

import packageJson from "../package.json" with { type: "json" };
import { type Authenticator, createAuthenticator, createManagement } from "./auth/index.ts";
import type { Config } from "./config/index.ts";
import { createLogger, type Logger } from "./observability/index.ts";
import {
  type Balancer,
  createBalancer,
  createHealthChecker,
  createSemaphore,
  type StateChange,
} from "./routing/index.ts";
import {
  createAdminHandler,
  createBuiltinRoutes,
  createEndpointPolicy,
  createHandler,
  createInFlight,
  createTargets,
  healthCheckRequest,
  type Servable,
} from "./server/index.ts";
import { type Clock, systemClock } from "./shared/index.ts";
import {
  createAuditRepository,
  createProjectRepository,
  createTokenRepository,
  openStore,
  type Store,
} from "./store/index.ts";
import {
  type ConnectProbe,
  createReachabilityMemory,
  type Target,
  tcpConnectProbe,
} from "./upstream/index.ts";

export const version: string = packageJson.version;

export type Deps = {
  fetch: typeof fetch;
  clock: Clock;
  logger: Logger;
  /** TCP reachability check used to tell a connect timeout from a slow model. */
  probe: ConnectProbe;
  /** The sqlite store; opened from storage.path when tokens or the admin API need it. */
  store: Store;
};

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
  const logger = deps.logger ?? createLogger(config.logging);
  const shutdown = new AbortController();
  const inFlight = createInFlight();
  const fetchImpl = deps.fetch ?? globalThis.fetch;
  const balancer = createBalancer(config, {
    clock,
    onChange: (change) => logStateChange(logger, change),
  });
  const targets = createTargets(config);
  const needsStore = config.auth.mode === "tokens" || config.auth.admin_key !== "";
  const ownsStore = needsStore && deps.store === undefined;
  const store = needsStore ? (deps.store ?? openStore(config.storage.path)) : undefined;
  const repositories = store && {
    projects: createProjectRepository(store.db),
    tokens: createTokenRepository(store.db),
    audit: createAuditRepository(store.db),
  };
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
  const admission = createSemaphore({
    capacity: config.queue.max_concurrent,
    maxWaiting: config.queue.max_queued,
  });
  const ctx = {
    config,
    balancer,
    auth,
    admission,
    targets,
    endpoints: createEndpointPolicy(config.endpoints),
    logger,
    attemptDeps: {
      fetch: fetchImpl,
      probe: deps.probe ?? tcpConnectProbe,
      reachability: createReachabilityMemory(reachabilityWindowMs, () => clock.now()),
    },
    shutdownSignal: shutdown.signal,
    inFlight,
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
  const routes = createBuiltinRoutes({
    config,
    version,
    startedAt: clock.now(),
    availableProviders: () => balancer.availableNames(),
    providerSnapshots: () => balancer.snapshot(),
    inFlight,
    admission,
  });
  const admin = createAdminHandler({
    adminKey: config.auth.admin_key,
    management:
      repositories && createManagement({ ...repositories, actor: "admin", now: () => clock.now() }),
    audit: repositories?.audit,
    providerSnapshots: () => balancer.snapshot(),
    now: () => clock.now(),
  });
  const handler = createHandler(routes, admin, ctx);
  return {
    config,
    balancer,
    checkHealth: healthChecker.checkAll,
    fetch: handler,
    abortInFlight: () => shutdown.abort(),
    inFlight: inFlight.count,
    waitForIdle: inFlight.idle,
    close: async () => {
      healthChecker.stop();
      auth?.close();
      if (ownsStore) store?.close();
    },
  };
}

// --- internal ---

function logStateChange(logger: Logger, change: StateChange): void {
  const message = `provider ${change.provider}: ${change.message}`;
  if (change.level === "warn") logger.warn(message);
  else logger.info(message);
}
