// The shared state of a deployment (DESIGN.md, several instances): one Redis link and what runs
// on it, the token limit counters, the budget windows and the change events. It lives as long as
// the process; Redis holds counters, the store keeps the record.

import type { SharedConfig } from "../../config/index.ts";
import type { Clock } from "../../shared/index.ts";
import { type BudgetCounters, createBudgetCounters } from "./budget-counters.ts";
import { createLimitCounters, type LimitCounters } from "./limit-counters.ts";
import { createRedisLink, type RedisLink } from "./redis-link.ts";
import { createSharedEvents, type SharedEvents } from "./shared-events.ts";

export type SharedState = {
  link: RedisLink;
  limits: LimitCounters;
  budgets: BudgetCounters;
  events: SharedEvents;
  failMode: SharedConfig["fail_mode"];
  close(): void;
};

export function createSharedState(config: SharedConfig, deps: { clock: Clock }): SharedState {
  const { url, prefix, timeout } = config.redis;
  const link = createRedisLink({ url, timeoutMs: timeout, clock: deps.clock });
  const events = createSharedEvents(link, prefix);
  return {
    link,
    limits: createLimitCounters(link, prefix),
    budgets: createBudgetCounters(link, prefix),
    events,
    failMode: config.fail_mode,
    close() {
      events.close();
      link.close();
    },
  };
}
