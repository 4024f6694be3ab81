// The budget ledger: a request's worst-case cost is reserved against its token's and project's
// budgets before it is sent, and replaced by its real cost when it ends. Each check-and-charge
// runs to completion without yielding (the store is read before it), so concurrent requests
// never pass a budget together; a shared (Redis) ledger can take this one's place.
// Spend is written to the store as it is settled; reservations live in memory only.

import type { Clock } from "../shared/index.ts";
import type { BudgetedScope, BudgetRepository } from "../store/index.ts";
import {
  type BudgetAlert,
  type BudgetStatus,
  chargeOf,
  checkReservationAmount,
  listStatuses,
  sendAlert,
  smallestRemaining,
  toSpend,
} from "./budget-figures.ts";
import { type BudgetWindow, budgetWindow } from "./budget-period.ts";
import { type BudgetRefusal, toRefusal } from "./budget-refusal.ts";
import { createSpendWriter, type SpendWriter } from "./spend-writer.ts";

/** Held until settled; settling it again, or a reservation of another ledger, does nothing. */
export type Reservation = { readonly amountUsd: number };

export type ReserveResult =
  | {
      ok: true;
      reservation: Reservation;
      /** The smaller remaining amount of the budgets, after this reservation; null if none. */
      remainingUsd: number | null;
    }
  | { ok: false; refusal: BudgetRefusal };

export type BudgetLedger = {
  reserve(scopes: readonly BudgetedScope[], amountUsd: number): Promise<ReserveResult>;
  /**
   * Replaces the reservation by the real cost (0 releases it). A null cost is unknown (an
   * unpriced model): the reservation itself is charged, the worst case that is known.
   */
  settle(reservation: Reservation, costUsd: number | null): Promise<void>;
  /** Every budget with its spend and reservations in the current period. */
  list(): Promise<BudgetStatus[]>;
  /** Budget windows whose unsaved spend was given up on because the store kept failing. */
  spendDropped(): number;
};

/** This instance's own ledger, which the shared one falls back to while Redis is away. */
export type LocalBudgetLedger = BudgetLedger & {
  /**
   * Drops the windows no reservation holds, so their next reserve reads the store again: spend
   * settled through Redis (or by another instance) since they were read is counted.
   */
  forgetIdle(): void;
};

export type BudgetLedgerOptions = {
  repository: BudgetRepository;
  clock: Clock;
  /** Share of a budget whose crossing calls onAlert (budgets.alert_at; a reload may change it). */
  alertAt: () => number;
  onAlert: (alert: BudgetAlert) => void;
  /** A spend that could not be written (kept and retried) or an onAlert that threw. */
  onError: (error: unknown) => void;
  /** The spend writer to share (the shared ledger's): one record of what is not written yet. */
  spends?: SpendWriter;
};

export function createBudgetLedger(options: BudgetLedgerOptions): LocalBudgetLedger {
  const { repository, clock } = options;
  const alertAtNow = options.alertAt;
  const current = new Map<string, Entry>();
  const loading = new Map<string, Promise<number>>();
  const held = new WeakMap<Reservation, Held[]>();
  const spends = options.spends ?? createSpendWriter(repository, options.onError);

  /** Every scope's entry for this window; one store read per scope and window at a time. */
  const load = (scopes: readonly BudgetedScope[], now: number): Promise<Entry[]> =>
    Promise.all(
      scopes.map(async (scope) => {
        const window = budgetWindow(scope.budget, now);
        const key = keyOf(scope);
        const known = current.get(key);
        if (known?.window.start === window.start) return known;
        const loadKey = `${key}@${window.start}`;
        let spent = loading.get(loadKey);
        if (!spent) {
          spent = spends
            .stored(scope.scope, scope.id, window.start)
            .finally(() => loading.delete(loadKey));
          loading.set(loadKey, spent);
        }
        const amount = await spent;
        // another reserve may have made this entry while the store was read
        const made = current.get(key);
        if (made?.window.start === window.start) return made;
        const alerted = amount >= alertAtNow() * scope.budget.usd;
        const entry = { window, spent: amount, reserved: 0, holders: 0, alerted };
        current.set(key, entry);
        return entry;
      }),
    );
  const alertIfCrossed = (scope: BudgetedScope, entry: Entry): void => {
    const alertAt = alertAtNow();
    if (entry.alerted || entry.spent < alertAt * scope.budget.usd) return;
    entry.alerted = true;
    sendAlert(options, { scope, entry }, alertAt);
  };

  return {
    async reserve(scopes, amountUsd) {
      checkReservationAmount(amountUsd);
      const now = clock.now();
      const entries = await load(scopes, now);
      // from here to the charge nothing yields: concurrent requests never pass a budget together
      const parts = scopes.map((scope, index) => ({ scope, entry: entries[index] as Entry }));
      const over = parts.filter(({ scope, entry }) => wouldPass(scope, entry, amountUsd));
      if (over.length > 0) return { ok: false, refusal: toRefusal(over, amountUsd, now) };
      for (const { entry } of parts) {
        entry.reserved += amountUsd;
        entry.holders++;
      }
      const reservation: Reservation = { amountUsd };
      held.set(reservation, parts);
      return { ok: true, reservation, remainingUsd: smallestRemaining(parts) };
    },
    async settle(reservation, costUsd) {
      const parts = held.get(reservation);
      if (!parts) return;
      held.delete(reservation);
      const charge = chargeOf(reservation.amountUsd, costUsd);
      const now = clock.now();
      for (const { scope, entry } of parts) {
        const reserved = entry.reserved - reservation.amountUsd;
        entry.reserved = reserved < epsilonUsd ? 0 : reserved;
        entry.holders--;
        if (charge <= 0) continue;
        entry.spent += charge;
        spends.add(toSpend(scope, entry.window.start, charge, now));
        alertIfCrossed(scope, entry);
      }
      await spends.written();
    },
    spendDropped: () => spends.dropped(),
    list: () =>
      listStatuses(repository, spends, clock.now(), (scopes, windows) =>
        scopes.map((scope, index) => {
          const known = current.get(keyOf(scope));
          return known && known.window.start === windows[index]?.start ? known.reserved : 0;
        }),
      ),
    forgetIdle() {
      for (const [key, entry] of current) if (entry.holders === 0) current.delete(key);
    },
  };
}

// --- internal ---

/** Float sums of cents drift by far less than this; a budget is never missed by more. */
const epsilonUsd = 1e-9;

type Entry = {
  window: BudgetWindow;
  spent: number;
  reserved: number;
  /** Reservations not settled yet: an entry they hold is never dropped (forgetIdle). */
  holders: number;
  alerted: boolean;
};
type Held = { scope: BudgetedScope; entry: Entry };

function keyOf(scope: BudgetedScope): string {
  return `${scope.scope}:${scope.id}`;
}

/** Spent in full already, or spent + reserved + this reservation over the budget. */
function wouldPass(scope: BudgetedScope, entry: Entry, amountUsd: number): boolean {
  const { usd } = scope.budget;
  return (
    entry.spent >= usd - epsilonUsd || entry.spent + entry.reserved + amountUsd > usd + epsilonUsd
  );
}
