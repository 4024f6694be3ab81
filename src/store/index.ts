// Store: the sqlite file (or Postgres database) behind tokens, projects, budgets, the audit log,
// usage and traces, and the sqlite cache; every repository answers with promises. And the shared
// state on Redis: counters of limits and budgets, and change events, for several instances.

export {
  type AuditActor,
  type AuditEvent,
  type AuditRepository,
  createAuditRepository,
} from "./audit.ts";
export {
  type Budget,
  type BudgetedScope,
  type BudgetPeriod,
  type BudgetRepository,
  type BudgetScopeKind,
  type BudgetSpend,
  budgetPeriods,
  createBudgetRepository,
} from "./budgets.ts";
export {
  type CacheEntryRepository,
  createCacheEntryRepository,
  type StoredCacheEntry,
} from "./cache-entries.ts";
export { connectStore, type Store } from "./connect-store.ts";
export { openStore, type SqliteStore } from "./database.ts";
export { schemaVersion } from "./migrations.ts";
export { openPostgresStore, type PostgresStore } from "./postgres/connect.ts";
export {
  createProjectRepository,
  type Project,
  type ProjectRepository,
} from "./projects.ts";
export { createRepositories, type Repositories } from "./repositories.ts";
export type {
  BudgetCounters,
  BudgetKey,
  ReserveVerdict,
  Settled,
  WindowFigures,
} from "./shared/budget-counters.ts";
export type { LimitCounters, LimitRequest, LimitVerdict } from "./shared/limit-counters.ts";
export { type RedisLink, SharedStateError } from "./shared/redis-link.ts";
export type { ReceivedEvent, SharedEvent, SharedEvents } from "./shared/shared-events.ts";
export { createSharedState, type SharedState } from "./shared/shared-state.ts";
export type { StoreCheck } from "./store-check.ts";
export {
  createTokenRepository,
  type NewToken,
  type TokenChanges,
  type TokenRecord,
  type TokenRepository,
  type TokenUse,
} from "./tokens.ts";
export {
  createTraceRepository,
  type TraceRecord,
  type TraceRepository,
  type TraceSummary,
} from "./traces.ts";
export {
  createUsageRepository,
  type UsageGrouping,
  type UsageRecord,
  type UsageRepository,
  type UsageSummaryRow,
  usageGroupings,
} from "./usage.ts";
export type { StatsPoint, StatsWindow } from "./usage-stats.ts";
