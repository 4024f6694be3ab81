// Budgets and the spend record on Postgres: the same repository as budgets.ts, in Bun's SQL.

import type { SQL } from "bun";
import {
  type BudgetedScope,
  type BudgetRepository,
  type BudgetScopeKind,
  budgetOf,
} from "../budgets.ts";
import { budgetColumnsOf, num } from "./rows.ts";

type Row = Record<string, unknown>;

export function createPostgresBudgetRepository(sql: SQL): BudgetRepository {
  return {
    async setBudget(scope, id, budget) {
      const usd = budget?.usd ?? null;
      const period = budget?.period ?? null;
      const setAt = budget?.set_at ?? null;
      if (scope === "project") {
        await sql`update projects set budget_usd = ${usd}, budget_period = ${period},
          budget_set_at = ${setAt} where id = ${id}`;
      } else {
        await sql`update tokens set budget_usd = ${usd}, budget_period = ${period},
          budget_set_at = ${setAt} where id = ${id}`;
      }
    },
    async spent(scope, id, periodStart) {
      const [row]: Row[] = await sql`
        select spent_usd from budget_spend
        where scope = ${scope} and scope_id = ${id} and period_start = ${periodStart}`;
      return row ? num(row.spent_usd) : 0;
    },
    async addSpends(spends) {
      if (spends.length === 0) return;
      await sql.begin(async (tx) => {
        for (const { scope, id, start, usd, at } of spends) {
          await tx`
            insert into budget_spend (scope, scope_id, period_start, spent_usd, updated_at)
            values (${scope}, ${id}, ${start}, ${usd}, ${at})
            on conflict (scope, scope_id, period_start) do update
              set spent_usd = budget_spend.spent_usd + excluded.spent_usd,
                updated_at = excluded.updated_at`;
        }
      });
    },
    async listBudgeted() {
      const rows: Row[] = await sql`
        select * from (
          select 'project' as scope, id, name, budget_usd, budget_period, budget_set_at
            from projects where budget_usd is not null
          union all
          select 'token', id, id, budget_usd, budget_period, budget_set_at
            from tokens where budget_usd is not null and revoked_at is null
        ) as budgeted order by scope, name collate "C"`;
      const scopes: BudgetedScope[] = [];
      for (const row of rows) {
        const budget = budgetOf(budgetColumnsOf(row));
        const scope = String(row.scope) as BudgetScopeKind;
        if (budget) scopes.push({ scope, id: String(row.id), name: String(row.name), budget });
      }
      return scopes;
    },
  };
}
