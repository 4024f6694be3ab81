// Budgets of projects and tokens (their budget_* columns) and the spend record: USD spent per
// budget period, kept in the store so that it survives restarts (reservations never are).

import type { Database } from "bun:sqlite";

export const budgetPeriods = ["1d", "7d", "30d", "month", "total"] as const;
export type BudgetPeriod = (typeof budgetPeriods)[number];

export type Budget = {
  usd: number;
  period: BudgetPeriod;
  /** Epoch ms when this budget (with this period) was set: fixed windows start from its day. */
  set_at: number;
};

export type BudgetScopeKind = "project" | "token";

/** USD spent by a scope in the period that starts at `start`, as of `at` (epoch ms). */
export type BudgetSpend = {
  scope: BudgetScopeKind;
  id: string;
  start: number;
  usd: number;
  at: number;
};

/** A project or live token that has a budget; a token is named by its id. */
export type BudgetedScope = { scope: BudgetScopeKind; id: string; name: string; budget: Budget };

export type BudgetRepository = {
  /** Sets, or with null removes, the budget of a project or token. */
  setBudget(scope: BudgetScopeKind, id: string, budget: Budget | null): Promise<void>;
  /** USD spent by the scope in the period that starts at `periodStart` (0 when none). */
  spent(scope: BudgetScopeKind, id: string, periodStart: number): Promise<number>;
  /** Adds to each one's period spend, all in one transaction (one spend per window). */
  addSpends(spends: readonly BudgetSpend[]): Promise<void>;
  /** Every project, and every token not revoked, with a budget. */
  listBudgeted(): Promise<BudgetedScope[]>;
};

/** The budget_* columns of a projects or tokens row. */
export type BudgetColumns = {
  budget_usd: number | null;
  budget_period: string | null;
  budget_set_at: number | null;
};

export const budgetsMigration = `
  alter table projects add column budget_usd real;
  alter table projects add column budget_period text;
  alter table projects add column budget_set_at integer;
  alter table tokens add column budget_usd real;
  alter table tokens add column budget_period text;
  alter table tokens add column budget_set_at integer;
  create table budget_spend (
    scope text not null,
    scope_id text not null,
    period_start integer not null,
    spent_usd real not null default 0,
    updated_at integer not null,
    primary key (scope, scope_id, period_start)
  );
`;

export function createBudgetRepository(db: Database): BudgetRepository {
  const set = {
    project: db.query<null, [number | null, string | null, number | null, string]>(
      "update projects set budget_usd = ?, budget_period = ?, budget_set_at = ? where id = ?",
    ),
    token: db.query<null, [number | null, string | null, number | null, string]>(
      "update tokens set budget_usd = ?, budget_period = ?, budget_set_at = ? where id = ?",
    ),
  };
  const spent = db.query<{ spent_usd: number }, [string, string, number]>(
    "select spent_usd from budget_spend where scope = ? and scope_id = ? and period_start = ?",
  );
  const add = db.query<null, [string, string, number, number, number]>(
    `insert into budget_spend (scope, scope_id, period_start, spent_usd, updated_at)
     values (?, ?, ?, ?, ?)
     on conflict (scope, scope_id, period_start)
     do update set spent_usd = spent_usd + excluded.spent_usd, updated_at = excluded.updated_at`,
  );
  const addAll = db.transaction((spends: readonly BudgetSpend[]) => {
    for (const { scope, id, start, usd, at } of spends) add.run(scope, id, start, usd, at);
  });
  const budgeted = db.query<
    BudgetColumns & { scope: BudgetScopeKind; id: string; name: string },
    []
  >(
    `select 'project' as scope, id, name, budget_usd, budget_period, budget_set_at
       from projects where budget_usd is not null
     union all
     select 'token', id, id, budget_usd, budget_period, budget_set_at
       from tokens where budget_usd is not null and revoked_at is null
     order by 1, 3`,
  );
  return {
    async setBudget(scope, id, budget) {
      set[scope].run(budget?.usd ?? null, budget?.period ?? null, budget?.set_at ?? null, id);
    },
    spent: async (scope, id, periodStart) => spent.get(scope, id, periodStart)?.spent_usd ?? 0,
    async addSpends(spends) {
      addAll(spends);
    },
    async listBudgeted() {
      const scopes: BudgetedScope[] = [];
      for (const row of budgeted.all()) {
        const budget = budgetOf(row);
        if (budget) scopes.push({ scope: row.scope, id: row.id, name: row.name, budget });
      }
      return scopes;
    },
  };
}

/** A row's budget, or null when it has none (or a period this version does not know). */
export function budgetOf(row: BudgetColumns): Budget | null {
  const period = budgetPeriods.find((known) => known === row.budget_period);
  if (row.budget_usd === null || period === undefined) return null;
  return { usd: row.budget_usd, period, set_at: row.budget_set_at ?? 0 };
}
