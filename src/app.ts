// The composition root: wires config and side-effect handles into the request handler.

import packageJson from "../package.json" with { type: "json" };
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
  const admission = createSemaphore({
    capacity: config.queue.max_concurrent,
    maxWaiting: config.queue.max_queued,
  });
  const ctx = {
    config,
    balancer,
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
  const handler = createHandler(routes, ctx);
  return {
    config,
    balancer,
    checkHealth: healthChecker.checkAll,
    fetch: handler,
    abortInFlight: () => shutdown.abort(),
    inFlight: inFlight.count,
    waitForIdle: inFlight.idle,
    close: async () => healthChecker.stop(),
  };
}

// --- internal ---

function logStateChange(logger: Logger, change: StateChange): void {
  const message = `provider ${change.provider}: ${change.message}`;
  if (change.level === "warn") logger.warn(message);
  else logger.info(message);
}
