// What lives as long as the process, whatever config is loaded: the handles, the store, the
// shared state (Redis), the metrics registry, admission and the byte budgets, client-token
// state. Every generation of parts a reload builds uses these same objects, so queue counts,
// rate windows and metrics carry over; a new config only resizes the limits.

import type { Authenticator, BudgetLedger } from "../auth/index.ts";
import { type Config, configuredSecrets } from "../config/index.ts";
import {
  createProxyMetrics,
  createRegistry,
  type ProxyMetrics,
  type Registry,
} from "../observability/index.ts";
import { createSemaphore, type Semaphore } from "../routing/index.ts";
import { createInFlight, type InFlight } from "../server/index.ts";
import { type ByteBudget, createByteBudget } from "../shared/index.ts";
import {
  createReachabilityMemory,
  createShutdownSwitch,
  type ReachabilityMemory,
} from "../upstream/index.ts";
import { createClientAuth } from "./client-auth.ts";
import type { FilledDeps } from "./deps.ts";
import { createSharedPart, type SharedPart } from "./shared-part.ts";
import { createStoragePart, type StoragePart } from "./storage-part.ts";

export type Runtime = FilledDeps & {
  storage: StoragePart;
  /** Redis for limits, budgets and change events shared by every instance (shared.redis). */
  shared: SharedPart;
  registry: Registry;
  metrics: ProxyMetrics;
  shutdown: ReturnType<typeof createShutdownSwitch>;
  /** Every request in flight, all generations together (the drain waits on it). */
  inFlight: InFlight;
  admission: Semaphore;
  bodyBudget: ByteBudget;
  captureBudget: ByteBudget;
  reachability: ReachabilityMemory;
  /** The client-token checker, made on the first config with auth.mode tokens. */
  authenticator(config: Config): Authenticator | undefined;
  /** The budget ledger (spend in the store; reservations in memory, or in Redis), with tokens. */
  ledger(config: Config): BudgetLedger | undefined;
  /** Applies a config's limits and logging to what the runtime holds. */
  apply(config: Config): void;
  close(): Promise<void>;
};

/** Origins that answered within this window are not probed on slow responses. */
const reachabilityWindowMs = 60_000;

export function createRuntime(config: Config, deps: FilledDeps): Runtime {
  const registry = createRegistry();
  const metrics = createProxyMetrics(registry);
  const storage = createStoragePart(config.storage, deps.store);
  const shared = createSharedPart(config.shared, { ...deps, metrics });
  const clientAuth = createClientAuth(config, { ...deps, metrics, storage, shared });
  const admission = createSemaphore({
    capacity: config.queue.max_concurrent,
    maxWaiting: config.queue.max_queued,
  });
  const bodyBudget = createByteBudget(config.server.max_body_in_flight);
  const captureBudget = createByteBudget(config.traces.max_capture_in_flight, () =>
    metrics.traceCapturesCut.inc({}),
  );
  return {
    ...deps,
    storage,
    shared,
    registry,
    metrics,
    shutdown: createShutdownSwitch(),
    inFlight: createInFlight(),
    admission,
    bodyBudget,
    captureBudget,
    reachability: createReachabilityMemory(reachabilityWindowMs, () => deps.clock.now()),
    authenticator: clientAuth.authenticator,
    ledger: clientAuth.ledger,
    apply(next) {
      deps.logger.reconfigure({ ...next.logging, secrets: configuredSecrets(next) });
      clientAuth.apply(next);
      admission.resize(next.queue.max_concurrent, next.queue.max_queued);
      bodyBudget.resize(next.server.max_body_in_flight);
      captureBudget.resize(next.traces.max_capture_in_flight);
    },
    async close() {
      try {
        await clientAuth.close();
      } finally {
        shared.close();
        await storage.close();
      }
    },
  };
}
