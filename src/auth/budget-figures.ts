// What both budget ledgers (this instance's and the shared one on Redis) work out alike: a
// reservation's amount, what a settlement charges, the smallest remaining amount, the alert,
// and the status rows of `budget list`.

import type {
  BudgetedScope,
  BudgetRepository,
  BudgetScopeKind,
  BudgetSpend,
} from "../store/index.ts";
import { type BudgetWindow, budgetWindow } from "./budget-period.ts";
import type { SpendWriter } from "./spend-writer.ts";

/** DESIGN.md's `budget list --json` row. */
export type BudgetStatus = {
  scope: BudgetScopeKind;
  name: string;
  budget_usd: number;
  period: BudgetedScope["budget"]["period"];
  spent_usd: number;
  reserved_usd: number;
  /** ISO time of the next reset; null for `total`. */
  resets_at: string | null;
};

/** A budget whose spend just crossed budgets.alert_at (once per budget period). */
export type BudgetAlert = BudgetStatus & { id: string; alert_at: number };

/** One budget of a request, with its window's spend and reservations. */
export type BudgetPart = {
  scope: BudgetedScope;
  entry: { window: BudgetWindow; spent: number; reserved: number };
};

export function checkReservationAmount(amountUsd: number): void {
  if (Number.isFinite(amountUsd) && amountUsd >= 0) return;
  throw new Error(`a reservation must be a non-negative amount, got ${amountUsd}`);
}

/** What a settlement charges: the cost, or the reservation itself when the cost is unknown. */
export function chargeOf(amountUsd: number, costUsd: number | null): number {
  return costUsd ?? amountUsd;
}

/** The spend a settlement adds to one window of a budget (none for a charge of 0). */
export function toSpend(scope: BudgetedScope, start: number, usd: number, at: number): BudgetSpend {
  return { scope: scope.scope, id: scope.id, start, usd, at };
}

/** The smaller remaining amount of the budgets, after their reservations; null if none. */
export function smallestRemaining(parts: readonly BudgetPart[]): number | null {
  let remaining: number | null = null;
  for (const { scope, entry } of parts) {
    const left = Math.max(0, scope.budget.usd - entry.spent - entry.reserved);
    if (remaining === null || left < remaining) remaining = left;
  }
  return remaining;
}

/** Calls onAlert for a budget that crossed alertAt; an onAlert that throws goes to onError. */
export function sendAlert(
  hooks: { onAlert: (alert: BudgetAlert) => void; onError: (error: unknown) => void },
  { scope, entry }: BudgetPart,
  alertAt: number,
): void {
  try {
    hooks.onAlert({ ...toStatus(scope, entry), id: scope.id, alert_at: alertAt });
  } catch (error: unknown) {
    hooks.onError(error);
  }
}

/**
 * Every budget's status now: its spend as the store (and the spend not written yet) holds it,
 * its reservations as `reservedIn` tells for each budget and window.
 */
export async function listStatuses(
  repository: BudgetRepository,
  spends: SpendWriter,
  now: number,
  reservedIn: (
    scopes: readonly BudgetedScope[],
    windows: readonly BudgetWindow[],
  ) => Promise<readonly number[]> | readonly number[],
): Promise<BudgetStatus[]> {
  const scopes = await repository.listBudgeted();
  const windows = scopes.map((scope) => budgetWindow(scope.budget, now));
  const reserved = await reservedIn(scopes, windows);
  return Promise.all(
    scopes.map(async (scope, index) => {
      const window = windows[index] as BudgetWindow;
      const spent = await spends.stored(scope.scope, scope.id, window.start);
      return toStatus(scope, { window, spent, reserved: reserved[index] ?? 0 });
    }),
  );
}

// --- internal ---

function toStatus(scope: BudgetedScope, entry: BudgetPart["entry"]): BudgetStatus {
  const { resetsAt } = entry.window;
  return {
    scope: scope.scope,
    name: scope.name,
    budget_usd: scope.budget.usd,
    period: scope.budget.period,
    spent_usd: entry.spent,
    reserved_usd: entry.reserved,
    resets_at: resetsAt === null ? null : new Date(resetsAt).toISOString(),
  };
}
