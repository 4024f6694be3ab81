// What lives as long as the process, whatever config is loaded: the handles, the store, the
// metrics registry, admission and the byte budgets, client-token state. Every generation of
// parts a reload builds uses these same objects, so queue counts, rate windows and metrics
// carry over; a new config only resizes the limits.

import {
  type Authenticator,
  type BudgetLedger,
  createAuthenticator,
  createBudgetLedger,
} from "../auth/index.ts";
import type { Config } from "../config/index.ts";
import {
  type CaptureBudget,
  createCaptureBudget,
  createProxyMetrics,
  createRegistry,
  type ProxyMetrics,
  type Registry,
} from "../observability/index.ts";
import { createSemaphore, type Semaphore } from "../routing/index.ts";
import {
  type BodyBudget,
  createBodyBudget,
  createInFlight,
  type InFlight,
} from "../server/index.ts";
import {
  createReachabilityMemory,
  createShutdownSwitch,
  type ReachabilityMemory,
  type ShutdownSwitch,
} from "../upstream/index.ts";
import type { FilledDeps } from "./deps.ts";
import { createStoragePart, type StoragePart } from "./storage-part.ts";

export type Runtime = FilledDeps & {
  /** The config the process started with (its storage and address are kept by every reload). */
  startConfig: Config;
  storage: StoragePart;
  registry: Registry;
  metrics: ProxyMetrics;
  shutdown: ReturnType<typeof createShutdownSwitch> & ShutdownSwitch;
  /** Every request in flight, all generations together (the drain waits on it). */
  inFlight: InFlight;
  admission: Semaphore;
  bodyBudget: BodyBudget;
  captureBudget: CaptureBudget;
  reachability: ReachabilityMemory;
  /** The client-token checker, made on the first config with auth.mode tokens. */
  authenticator(config: Config): Authenticator | undefined;
  /** The budget ledger (spend in the store, reservations in memory), while tokens are on. */
  ledger(config: Config): BudgetLedger | undefined;
  /** Applies a config's limits to what the runtime holds. */
  apply(config: Config): void;
  close(): Promise<void>;
};

/** Origins that answered within this window are not probed on slow responses. */
const reachabilityWindowMs = 60_000;

export function createRuntime(config: Config, deps: FilledDeps): Runtime {
  const registry = createRegistry();
  const metrics = createProxyMetrics(registry);
  const storage = createStoragePart(config.storage, deps.store);
  const admission = createSemaphore({
    capacity: config.queue.max_concurrent,
    maxWaiting: config.queue.max_queued,
  });
  const bodyBudget = createBodyBudget(config.server.max_body_in_flight);
  const captureBudget = createCaptureBudget(config.traces.max_capture_in_flight, () =>
    metrics.traceCapturesCut.inc({}),
  );
  let auth: Authenticator | undefined;
  let ledger: BudgetLedger | undefined;
  let alertAt = config.budgets.alert_at;
  return {
    ...deps,
    startConfig: config,
    storage,
    registry,
    metrics,
    shutdown: createShutdownSwitch(),
    inFlight: createInFlight(),
    admission,
    bodyBudget,
    captureBudget,
    reachability: createReachabilityMemory(reachabilityWindowMs, () => deps.clock.now()),
    authenticator(current) {
      const repositories = storage.repositoriesFor(current);
      if (current.auth.mode !== "tokens" || !repositories) return undefined;
      auth ??= createAuthenticator({
        tokens: repositories.tokens,
        projects: repositories.projects,
        clock: deps.clock,
        onFlushError: (error) =>
          deps.logger.error("could not record token usage; will retry", causeOf(error)),
      });
      return auth;
    },
    ledger(current) {
      const repositories = storage.repositoriesFor(current);
      if (current.auth.mode !== "tokens" || !repositories) return undefined;
      ledger ??= createBudgetLedger({
        repository: repositories.budgets,
        clock: deps.clock,
        alertAt: () => alertAt,
        onAlert: (alert) => {
          metrics.budgetAlerts.inc({ scope: alert.scope });
          deps.logger.warn(
            `budget alert: ${alert.scope} ${alert.name} has spent ${alert.spent_usd.toFixed(4)} of its ${alert.budget_usd} USD ${alert.period} budget (alert_at ${alert.alert_at})`,
          );
          const details = {
            scope: alert.scope,
            spent_usd: alert.spent_usd,
            budget_usd: alert.budget_usd,
          };
          const at = deps.clock.now();
          repositories.audit
            .record({ at, actor: "system", action: "budget.alert", target: alert.name, details })
            .catch((error: unknown) =>
              deps.logger.error("could not write an audit event", causeOf(error)),
            );
        },
        onError: (error) =>
          deps.logger.error("could not record budget spend; will retry", causeOf(error)),
      });
      return ledger;
    },
    apply(next) {
      alertAt = next.budgets.alert_at;
      admission.resize(next.queue.max_concurrent, next.queue.max_queued);
      bodyBudget.resize(next.server.max_body_in_flight);
      captureBudget.resize(next.traces.max_capture_in_flight);
    },
    async close() {
      try {
        await auth?.close();
      } finally {
        await storage.close();
      }
    },
  };
}

// --- internal ---

function causeOf(error: unknown): { cause: string } {
  return { cause: error instanceof Error ? error.message : String(error) };
}
