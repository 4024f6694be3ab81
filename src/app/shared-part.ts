// The shared-state part (shared.redis): the Redis link, counters and change events every
// instance of a deployment uses. It lives as long as the process, like the store: shared.* needs
// a restart. It says once when Redis goes away and once when it is back, and /ready asks it.

import type { Config } from "../config/index.ts";
import type { Logger, ProxyMetrics } from "../observability/index.ts";
import { type Clock, messageOf } from "../shared/index.ts";
import {
  createSharedState,
  type SharedEvent,
  type SharedState,
  type StoreCheck,
} from "../store/index.ts";

export type SharedPart = {
  state: SharedState | undefined;
  /** PING, for /ready; undefined without shared.redis. */
  check(): Promise<StoreCheck> | undefined;
  /** Counts a failed shared-state call in llm_proxy_shared_state_errors_total. */
  countError(operation: string): void;
  /** Tells the other instances (a no-op without shared.redis); a failure is logged, not thrown. */
  announce(event: SharedEvent): Promise<void>;
  close(): void;
};

export function createSharedPart(
  shared: Config["shared"],
  deps: { clock: Clock; logger: Logger; metrics: ProxyMetrics },
): SharedPart {
  const state = shared && createSharedState(shared, { clock: deps.clock });
  if (state && shared) {
    const where = redisAddress(shared.redis.url);
    state.link.onChange((up, detail) => {
      if (up) {
        deps.logger.info(`shared state: Redis at ${where} is back; shared limits apply again`);
        return;
      }
      const consequence =
        shared.fail_mode === "closed"
          ? "callers with a shared limit or budget get 503 shared_state_unavailable"
          : "limits and budgets fall back to this instance's own";
      deps.logger.warn(
        `shared state: Redis at ${where} is unreachable (${detail}); ${consequence} (fail_mode ${shared.fail_mode})`,
      );
    });
  }
  const countError = (operation: string) =>
    deps.metrics.sharedStateErrors.inc({ operation, fail_mode: shared?.fail_mode ?? "closed" });
  return {
    state,
    check: () => state?.link.check(),
    countError,
    async announce(event) {
      try {
        await state?.events.publish(event);
      } catch (error: unknown) {
        countError("events");
        const reason = messageOf(error);
        deps.logger.warn(
          `shared state: could not tell the other instances of ${event.type} (${reason})`,
        );
      }
    },
    close: () => state?.close(),
  };
}

// --- internal ---

/** host:port only: the URL may hold a password. */
function redisAddress(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the configured URL";
  }
}
