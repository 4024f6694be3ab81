// The composition root: wires config and side-effect handles into the request handler.

import packageJson from "../package.json" with { type: "json" };
import type { Config } from "./config/index.ts";
import { createLogger, type Logger } from "./observability/index.ts";
import { createRouter } from "./routing/index.ts";
import {
  createBuiltinRoutes,
  createEndpointPolicy,
  createHandler,
  createInFlight,
  createTargets,
  type Servable,
} from "./server/index.ts";
import { type Clock, systemClock } from "./shared/index.ts";
import { type ConnectProbe, createReachabilityMemory, tcpConnectProbe } from "./upstream/index.ts";

export const version: string = packageJson.version;

export type Deps = {
  fetch: typeof fetch;
  clock: Clock;
  logger: Logger;
  /** TCP reachability check used to tell a connect timeout from a slow model. */
  probe: ConnectProbe;
};

export type App = Servable & { config: Config };

/** Origins that answered within this window are not probed on slow responses. */
const reachabilityWindowMs = 60_000;

export function createApp(config: Config, deps: Partial<Deps> = {}): App {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? createLogger(config.logging);
  const shutdown = new AbortController();
  const inFlight = createInFlight();
  const ctx = {
    config,
    router: createRouter(config.providers),
    targets: createTargets(config),
    endpoints: createEndpointPolicy(config.endpoints),
    logger,
    attemptDeps: {
      fetch: deps.fetch ?? globalThis.fetch,
      probe: deps.probe ?? tcpConnectProbe,
      reachability: createReachabilityMemory(reachabilityWindowMs, () => clock.now()),
    },
    shutdownSignal: shutdown.signal,
    inFlight,
  };
  const routes = createBuiltinRoutes({
    config,
    version,
    startedAt: clock.now(),
    availableProviders: () => config.providers.map((provider) => provider.name),
    inFlight,
  });
  const handler = createHandler(routes, ctx);
  return {
    config,
    fetch: handler,
    abortInFlight: () => shutdown.abort(),
    inFlight: inFlight.count,
    waitForIdle: inFlight.idle,
    close: async () => {},
  };
}
