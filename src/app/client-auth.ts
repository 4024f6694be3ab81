// Client-token state that lives as long as the process: the authenticator (its cached rows, its
// counters, its rate windows) and the budget ledger, made on the first config with auth.mode
// tokens. With shared.redis both use the shared counters, falling back per fail_mode.

import {
  type Authenticator,
  type BudgetAlert,
  type BudgetLedger,
  createAuthenticator,
  createBudgetLedger,
  createLocalLimits,
  createSharedBudgetLedger,
  createSharedLimits,
} from "../auth/index.ts";
import type { Config } from "../config/index.ts";
import type { Logger, ProxyMetrics } from "../observability/index.ts";
import type { Clock } from "../shared/index.ts";
import type { Repositories } from "../store/index.ts";
import type { SharedPart } from "./shared-part.ts";
import type { StoragePart } from "./storage-part.ts";

export type ClientAuth = {
  authenticator(config: Config): Authenticator | undefined;
  ledger(config: Config): BudgetLedger | undefined;
  /** A reload's budgets.alert_at and request timeouts. */
  apply(config: Config): void;
  close(): Promise<void>;
};

export type ClientAuthDeps = {
  clock: Clock;
  logger: Logger;
  metrics: ProxyMetrics;
  storage: StoragePart;
  shared: SharedPart;
};

export function createClientAuth(start: Config, deps: ClientAuthDeps): ClientAuth {
  const { clock, logger, shared } = deps;
  let alertAt = start.budgets.alert_at;
  let reservationTtlMs = longestRequestMs(start);
  let auth: Authenticator | undefined;
  let ledger: BudgetLedger | undefined;
  const state = shared.state;
  const fallback = state && {
    failMode: state.failMode,
    onUnavailable: (operation: string) => shared.countError(operation),
  };
  const repositoriesOf = (config: Config): Repositories | undefined =>
    config.auth.mode === "tokens" ? deps.storage.repositoriesFor(config) : undefined;
  return {
    authenticator(config) {
      const repositories = repositoriesOf(config);
      if (!repositories) return undefined;
      auth ??= createAuthenticator({
        tokens: repositories.tokens,
        projects: repositories.projects,
        clock,
        limits:
          state &&
          fallback &&
          createSharedLimits({
            ...fallback,
            counters: state.limits,
            local: createLocalLimits(clock),
          }),
        onFlushError: (error) =>
          logger.error("could not record token usage; will retry", causeOf(error)),
      });
      return auth;
    },
    ledger(config) {
      const repositories = repositoriesOf(config);
      if (!repositories) return undefined;
      const common = {
        repository: repositories.budgets,
        clock,
        alertAt: () => alertAt,
        onAlert: (alert: BudgetAlert) => recordAlert(deps, repositories, alert),
        onError: (error: unknown) =>
          logger.error("could not record budget spend; will retry", causeOf(error)),
      };
      ledger ??=
        state && fallback
          ? createSharedBudgetLedger({
              ...common,
              ...fallback,
              counters: state.budgets,
              reservationTtlMs: () => reservationTtlMs,
            })
          : createBudgetLedger(common);
      return ledger;
    },
    apply(config) {
      alertAt = config.budgets.alert_at;
      reservationTtlMs = longestRequestMs(config);
    },
    async close() {
      await auth?.close();
    },
  };
}

/**
 * The longest a request can hold a reservation: its body, the queue, each attempt before the
 * last (a retry follows only a failure before the first byte), the last attempt, a slot wait
 * before each attempt, and a minute.
 */
export function longestRequestMs(config: Config): number {
  const { timeouts, providers, routing } = config;
  const longest = (timer: "first_byte" | "request") =>
    Math.max(timeouts[timer], ...providers.map((provider) => provider.timeouts[timer] ?? 0));
  const attempts =
    routing.retries * longest("first_byte") +
    (routing.retries + 1) * routing.slot_wait +
    longest("request");
  return config.server.body_timeout + config.queue.timeout + attempts + 60_000;
}

// --- internal ---

function recordAlert(deps: ClientAuthDeps, repositories: Repositories, alert: BudgetAlert): void {
  deps.metrics.budgetAlerts.inc({ scope: alert.scope });
  deps.logger.warn(
    `budget alert: ${alert.scope} ${alert.name} has spent ${alert.spent_usd.toFixed(4)} of its ${alert.budget_usd} USD ${alert.period} budget (alert_at ${alert.alert_at})`,
  );
  const details = { scope: alert.scope, spent_usd: alert.spent_usd, budget_usd: alert.budget_usd };
  const at = deps.clock.now();
  repositories.audit
    .record({ at, actor: "system", action: "budget.alert", target: alert.name, details })
    .catch((error: unknown) => deps.logger.error("could not write an audit event", causeOf(error)));
}

function causeOf(error: unknown): { cause: string } {
  return { cause: error instanceof Error ? error.message : String(error) };
}
