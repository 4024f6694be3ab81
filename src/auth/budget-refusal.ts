// What a refused reservation tells the caller: which budget, how much of it is gone, and when
// asking again can succeed (the period's reset; never for a `total` budget).

import type { BudgetPeriod, BudgetScopeKind } from "../store/index.ts";
import type { BudgetPart } from "./budget-figures.ts";
import { type BudgetWindow, secondsUntilReset } from "./budget-period.ts";

export type BudgetRefusal = {
  scope: BudgetScopeKind;
  /** The project's name, or the token's id. */
  name: string;
  budgetUsd: number;
  spentUsd: number;
  reservedUsd: number;
  period: BudgetPeriod;
  /** For `retry-after`: seconds to the reset of the budget that resets last; null for `total`. */
  retryAfterSeconds: number | null;
  /** A client-safe sentence naming the budget. */
  message: string;
};

/** A budget this reservation would pass. */
export type OverBudget = BudgetPart;

export function toRefusal(
  over: readonly OverBudget[],
  amountUsd: number,
  now: number,
): BudgetRefusal {
  // the budget that frees up last decides when a retry can pass both
  let binding = over[0] as OverBudget;
  for (const candidate of over) {
    if (resetsLater(candidate.entry.window, binding.entry.window)) binding = candidate;
  }
  const { scope, entry } = binding;
  const retryAfterSeconds = secondsUntilReset(entry.window, now);
  const who = scope.scope === "project" ? `project "${scope.name}"` : `token ${scope.name}`;
  const when =
    entry.window.resetsAt === null
      ? "it does not reset"
      : `it resets at ${new Date(entry.window.resetsAt).toISOString()}`;
  return {
    scope: scope.scope,
    name: scope.name,
    budgetUsd: scope.budget.usd,
    spentUsd: entry.spent,
    reservedUsd: entry.reserved,
    period: scope.budget.period,
    retryAfterSeconds,
    message:
      `budget exceeded: ${who} has spent ${usd(entry.spent)} and reserved ${usd(entry.reserved)} ` +
      `of its ${usd(scope.budget.usd)} ${scope.budget.period} budget, and this request may cost ` +
      `up to ${usd(amountUsd)}; ${when}`,
  };
}

// --- internal ---

function resetsLater(a: BudgetWindow, b: BudgetWindow): boolean {
  if (b.resetsAt === null) return false;
  return a.resetsAt === null || a.resetsAt > b.resetsAt;
}

function usd(amount: number): string {
  return `$${amount.toFixed(4)}`;
}
