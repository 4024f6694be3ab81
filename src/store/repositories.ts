// Every repository of one store, whichever engine is behind it: the seam the rest of the proxy
// uses, so nothing above the store knows whether it talks to sqlite or Postgres.

import { type AuditRepository, createAuditRepository } from "./audit.ts";
import { type BudgetRepository, createBudgetRepository } from "./budgets.ts";
import type { Store } from "./connect-store.ts";
import { createPostgresAuditRepository } from "./postgres/audit.ts";
import { createPostgresBudgetRepository } from "./postgres/budgets.ts";
import { createPostgresProjectRepository } from "./postgres/projects.ts";
import { createPostgresTokenRepository } from "./postgres/tokens.ts";
import { createPostgresTraceRepository } from "./postgres/traces.ts";
import { createPostgresUsageRepository } from "./postgres/usage.ts";
import { createProjectRepository, type ProjectRepository } from "./projects.ts";
import { createTokenRepository, type TokenRepository } from "./tokens.ts";
import { createTraceRepository, type TraceRepository } from "./traces.ts";
import { createUsageRepository, type UsageRepository } from "./usage.ts";

export type Repositories = {
  projects: ProjectRepository;
  tokens: TokenRepository;
  budgets: BudgetRepository;
  audit: AuditRepository;
  usage: UsageRepository;
  traces: TraceRepository;
};

export function createRepositories(store: Store): Repositories {
  if (store.engine === "postgres") {
    const { sql } = store;
    return {
      projects: createPostgresProjectRepository(sql),
      tokens: createPostgresTokenRepository(sql),
      budgets: createPostgresBudgetRepository(sql),
      audit: createPostgresAuditRepository(sql),
      usage: createPostgresUsageRepository(sql),
      traces: createPostgresTraceRepository(sql),
    };
  }
  const { db } = store;
  return {
    projects: createProjectRepository(db),
    tokens: createTokenRepository(db),
    budgets: createBudgetRepository(db),
    audit: createAuditRepository(db),
    usage: createUsageRepository(db),
    traces: createTraceRepository(db),
  };
}
