// The budget ledger shared by every instance (shared.redis), with budget-ledger.ts's interface:
// each reservation is one script against all of a request's budget windows in Redis, a window
// Redis does not hold is seeded from the store's spend first, spend is still written to the
// store as it is settled, and a reservation expires on its own if its instance dies. While Redis
// is away, fail_mode closed refuses budgeted callers and open uses this instance's own ledger,
// which writes through the same spend writer and, each time an outage starts, reads again the
// windows it holds no reservation in (what was settled through Redis meanwhile counts).

import { randomUUID } from "node:crypto";
import {
  type BudgetCounters,
  type BudgetKey,
  type ReserveVerdict,
  SharedStateError,
} from "../store/index.ts";
import {
  type BudgetLedger,
  type BudgetLedgerOptions,
  type BudgetScope,
  createBudgetLedger,
  type Reservation,
  type ReserveResult,
  toStatus,
} from "./budget-ledger.ts";
import { budgetWindow } from "./budget-period.ts";
import { toRefusal } from "./budget-refusal.ts";
import { type SharedFallback, sharedStateUnavailable } from "./shared-limits.ts";
import { createSettleQueue } from "./shared-settle-queue.ts";
import { createSpendWriter } from "./spend-writer.ts";

export type SharedBudgetLedgerOptions = SharedFallback &
  Omit<BudgetLedgerOptions, "spends"> & {
    counters: BudgetCounters;
    /** How long a reservation may be held (the longest a request can take, and a margin). */
    reservationTtlMs: () => number;
  };

type Held = { id: string; scopes: readonly BudgetScope[]; windows: BudgetKey[] };

export function createSharedBudgetLedger(options: SharedBudgetLedgerOptions): BudgetLedger {
  const { counters, clock } = options;
  const spends = createSpendWriter(options.repository, options.onError);
  // the fallback with fail_mode open: one spend writer, so each ledger counts what the other wrote
  const local = createBudgetLedger({ ...options, spends });
  let fallingBack = false;
  const held = new WeakMap<Reservation, Held>();
  const settles = createSettleQueue(counters, options.onError);
  const seed = async (scope: BudgetScope, window: BudgetKey, now: number) => {
    const spent = await spends.stored(scope.scope, scope.id, window.start);
    const alerted = spent >= options.alertAt() * scope.budget.usd;
    await counters.seed(window, spent, alerted, keepMs(scope, now));
  };
  const reserveShared = async (hold: Held, amountUsd: number, now: number) => {
    const keep = Math.max(...hold.scopes.map((scope) => keepMs(scope, now)));
    const ttlMs = options.reservationTtlMs();
    const reservation = { id: hold.id, amountUsd, ttlMs, keepMs: keep };
    await settles.drain();
    for (let attempt = 0; attempt <= hold.scopes.length; attempt++) {
      const verdict = await counters.reserve(hold.windows, reservation);
      if (verdict.kind !== "unseeded") return verdict;
      const index = verdict.index;
      await seed(hold.scopes[index] as BudgetScope, hold.windows[index] as BudgetKey, now);
    }
    throw new Error("the budget windows could not be seeded in Redis");
  };
  const answer = (hold: Held, verdict: ReserveVerdict, amountUsd: number, now: number) => {
    if (verdict.kind === "unseeded") throw new Error("unseeded budget window");
    const parts = hold.scopes.map((scope, index) => ({
      scope,
      entry: {
        window: budgetWindow(scope.budget, now),
        spent: verdict.windows[index]?.spentUsd ?? 0,
        reserved: verdict.windows[index]?.reservedUsd ?? 0,
      },
    }));
    if (verdict.kind === "over") {
      const over = parts.filter((_, index) => verdict.over.includes(index));
      return { ok: false, refusal: toRefusal(over, amountUsd, now) } satisfies ReserveResult;
    }
    const reservation: Reservation = { amountUsd };
    held.set(reservation, hold);
    const remaining = parts.map(({ scope, entry }) =>
      Math.max(0, scope.budget.usd - entry.spent - entry.reserved),
    );
    return { ok: true, reservation, remainingUsd: Math.min(...remaining) } satisfies ReserveResult;
  };

  return {
    async reserve(scopes, amountUsd) {
      if (!Number.isFinite(amountUsd) || amountUsd < 0) {
        throw new Error(`a reservation must be a non-negative amount, got ${amountUsd}`);
      }
      const now = clock.now();
      const windows = scopes.map((scope) => windowKey(scope, now));
      const hold: Held = { id: randomUUID(), scopes, windows };
      let verdict: ReserveVerdict;
      try {
        verdict = await reserveShared(hold, amountUsd, now);
      } catch (error: unknown) {
        if (!(error instanceof SharedStateError)) throw error;
        // the script may have run with its reply lost: release it once Redis is back (one never
        // sent holds nothing, and its release would only push settlements out of the queue)
        if (error.sent) settles.release(windows, hold.id);
        options.onUnavailable("budgets", error);
        if (options.failMode === "closed") throw sharedStateUnavailable("budgets", error);
        if (!fallingBack) local.forgetIdle();
        fallingBack = true;
        return local.reserve(scopes, amountUsd);
      }
      fallingBack = false;
      return answer(hold, verdict, amountUsd, now);
    },
    async settle(reservation, costUsd) {
      const hold = held.get(reservation);
      if (!hold) return local.settle(reservation, costUsd);
      held.delete(reservation);
      const charge = costUsd ?? reservation.amountUsd;
      const now = clock.now();
      hold.scopes.forEach((scope, index) => {
        const start = hold.windows[index]?.start ?? 0;
        if (charge > 0)
          spends.add({ scope: scope.scope, id: scope.id, start, usd: charge, at: now });
      });
      const settled = await settles.send(hold.windows, {
        id: hold.id,
        costUsd: Math.max(0, charge),
        alertAt: options.alertAt(),
      });
      settled.forEach(({ crossedAlert, spentUsd }, index) => {
        const scope = hold.scopes[index];
        if (crossedAlert && scope) alert(options, scope, spentUsd ?? charge, now);
      });
      await spends.written();
    },
    async list() {
      const now = clock.now();
      const scopes = await options.repository.listBudgeted();
      const live = await counters
        .read(scopes.map((scope) => windowKey(scope, now)))
        .catch((error: unknown) => {
          if (!(error instanceof SharedStateError)) throw error;
          return scopes.map(() => null);
        });
      return Promise.all(
        scopes.map(async (scope, index) => {
          const window = budgetWindow(scope.budget, now);
          const spent = await spends.stored(scope.scope, scope.id, window.start);
          const reserved = live[index]?.reservedUsd ?? 0;
          return toStatus(scope, { window, spent, reserved });
        }),
      );
    },
  };
}

// --- internal ---

const dayMs = 86_400_000;

function windowKey(scope: BudgetScope, now: number): BudgetKey {
  const { start } = budgetWindow(scope.budget, now);
  return { scope: scope.scope, id: scope.id, start, budgetUsd: scope.budget.usd };
}

/** How long a window's keys stay in Redis: its period and a day (35 days for `total`). */
function keepMs(scope: BudgetScope, now: number): number {
  const { resetsAt } = budgetWindow(scope.budget, now);
  return resetsAt === null ? 35 * dayMs : Math.max(resetsAt - now, 0) + dayMs;
}

function alert(options: SharedBudgetLedgerOptions, scope: BudgetScope, spent: number, now: number) {
  const window = budgetWindow(scope.budget, now);
  try {
    const status = toStatus(scope, { window, spent, reserved: 0 });
    options.onAlert({ ...status, id: scope.id, alert_at: options.alertAt() });
  } catch (error: unknown) {
    options.onError(error);
  }
}
