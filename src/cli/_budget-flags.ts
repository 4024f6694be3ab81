// --budget and --period, shared by `project create|update` and `token create`: a positive USD
// amount (or "none" where a budget can be removed), and a period: `total` when a new budget
// omits it, the current one when a change does.

import { type BudgetInput, isBudgetPeriod, isBudgetUsd } from "../auth/index.ts";
import { budgetPeriods } from "../store/index.ts";
import { UsageError } from "./_errors.ts";

export const budgetArgs = {
  budget: { type: "string", description: "Budget in USD (e.g. 25)" },
  period: {
    type: "string",
    description: `Budget period: ${budgetPeriods.join(", ")} (default total; update keeps the current one)`,
  },
} as const;

/** Undefined when neither flag is given; null for `--budget none` when `removable`. */
export function parseBudgetFlags(
  flags: { budget?: string | undefined; period?: string | undefined },
  removable: boolean,
): BudgetInput | null | undefined {
  const { budget, period } = flags;
  if (budget === undefined) {
    if (period !== undefined) throw new UsageError("--period: needs --budget");
    return undefined;
  }
  if (removable && budget === "none") {
    if (period !== undefined) throw new UsageError("--period: not with --budget none");
    return null;
  }
  const usd = Number(budget);
  if (budget.trim() === "" || !isBudgetUsd(usd)) {
    const none = removable ? ' or "none"' : "";
    throw new UsageError(`--budget: expected a positive amount in USD${none}, got "${budget}"`);
  }
  if (period !== undefined && !isBudgetPeriod(period)) {
    throw new UsageError(`--period: expected one of ${budgetPeriods.join(", ")}, got "${period}"`);
  }
  return { usd, period };
}

/** "$25.00 month", or "none". */
export function describeBudget(budget: { usd: number; period: string } | null): string {
  return budget ? `$${budget.usd.toFixed(2)} ${budget.period}` : "none";
}
