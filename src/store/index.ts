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
export type { Project, ProjectRepository } from "./projects.ts";
export { createRepositories, type Repositories } from "./repositories.ts";
export type {
  BudgetCounters,
  BudgetKey,
  ReserveVerdict,
  Settled,
} from "./shared/budget-counters.ts";
export type { LimitCounters, LimitVerdict } from "./shared/limit-counters.ts";
export { SharedStateError } from "./shared/redis-link.ts";
export type { SharedEvent } from "./shared/shared-events.ts";
export { createSharedState, type SharedState } from "./shared/shared-state.ts";
export type { StoreCheck } from "./store-check.ts";
export {
  createTokenRepository,
  type NewToken,
  type TokenChanges,
  type TokenRecord,
  type TokenRepository,
} from "./tokens.ts";
export {
  bodyText,
  createTraceRepository,
  type NewTrace,
  type TraceBody,
  type TraceRecord,
  type TraceRepository,
} from "./traces.ts";
export {
  createUsageRepository,
  type UsageGrouping,
  type UsageRecord,
  type UsageRepository,
  usageGroupings,
} from "./usage.ts";
export type { StatsPoint, StatsWindow } from "./usage-stats.ts";
