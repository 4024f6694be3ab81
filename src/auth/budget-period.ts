// Budget period arithmetic, all in UTC: `1d`, `7d` and `30d` are fixed windows counted from
// midnight of the day the budget was set; `month` is the calendar month; `total` never resets.
// Spend counts from when the budget was set, so a window's start is never before that moment.

import type { Budget } from "../store/index.ts";

export type BudgetWindow = {
  /** Epoch ms: the key of this window's spend. */
  start: number;
  /** Epoch ms when the next window starts; null for `total`. */
  resetsAt: number | null;
};

export function budgetWindow(budget: Budget, now: number): BudgetWindow {
  const { period, set_at: setAt } = budget;
  if (period === "total") return { start: setAt, resetsAt: null };
  if (period === "month") {
    const date = new Date(now);
    const monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    const nextMonth = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    return { start: Math.max(monthStart, setAt), resetsAt: nextMonth };
  }
  const lengthMs = fixedWindowDays[period] * dayMs;
  const anchor = Math.floor(setAt / dayMs) * dayMs;
  const elapsed = Math.max(0, Math.floor((now - anchor) / lengthMs));
  const windowStart = anchor + elapsed * lengthMs;
  return { start: Math.max(windowStart, setAt), resetsAt: windowStart + lengthMs };
}

/** Whole seconds until the window resets (at least 1), or null when it never does. */
export function secondsUntilReset(window: BudgetWindow, now: number): number | null {
  if (window.resetsAt === null) return null;
  return Math.max(1, Math.ceil((window.resetsAt - now) / 1000));
}

// --- internal ---

const dayMs = 86_400_000;
const fixedWindowDays = { "1d": 1, "7d": 7, "30d": 30 } as const;
