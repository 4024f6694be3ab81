// A budget as the CLI and the admin API give it, checked and turned into the stored Budget.
// A new budget without a period is a `total` budget; a change without one keeps the current
// period. A changed amount keeps the period's start, so raising a budget mid-period keeps what
// was already spent in it; a new period starts counting afresh.

import { ProxyError } from "../shared/index.ts";
import { type Budget, type BudgetPeriod, budgetPeriods } from "../store/index.ts";

export type BudgetInput = { usd: number; period?: BudgetPeriod | undefined };

/** The budget to store: `input` on top of the current one, or null to remove it. */
export function nextBudget(
  current: Budget | null,
  input: BudgetInput | null,
  now: number,
): Budget | null {
  if (input === null) return null;
  checkBudgetInput(input);
  const period = input.period ?? current?.period ?? "total";
  const setAt = current?.period === period ? current.set_at : now;
  return { usd: input.usd, period, set_at: setAt };
}

export function checkBudgetInput(input: { usd: unknown; period?: unknown }): void {
  if (!isBudgetUsd(input.usd)) {
    throw new ProxyError(
      "invalid_request",
      `budget: expected a positive USD amount, got ${input.usd}`,
      {
        param: "budget_usd",
      },
    );
  }
  if (input.period !== undefined && !isBudgetPeriod(input.period)) {
    throw new ProxyError(
      "invalid_request",
      `budget period: expected one of ${budgetPeriods.join(", ")}, got "${String(input.period)}"`,
      { param: "budget_period" },
    );
  }
}

/** A budget's amount: a positive, finite number of USD. */
export function isBudgetUsd(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0;
}

export function isBudgetPeriod(value: unknown): value is BudgetPeriod {
  return budgetPeriods.some((period) => period === value);
}

/** A budget as the audit log records it (null: none). */
export function budgetDetails(budget: Budget | null): Record<string, unknown> {
  return budget ? { budget_usd: budget.usd, budget_period: budget.period } : { budget_usd: null };
}
