// The budget ledger shared by every instance (shared.redis), with budget-ledger.ts's interface:
// each reservation is one script against all of a request's budget windows in Redis, a window
// Redis does not hold is seeded from the store's spend first, spend is still written to the
// store as it is settled, and a reservation expires on its own if its instance dies. While Redis
// is away, fail_mode closed refuses budgeted callers and open uses this instance's own ledger,
// which writes through the same spend writer and, each time an outage starts, reads again the
// windows it holds no reservation in (what was settled through Redis meanwhile counts); what it
// settles is sent to Redis too (kept until Redis is back), so Redis counts the outage's spend.

import {
  type BudgetCounters,
  type BudgetedScope,
  type BudgetKey,
  type ReserveVerdict,
  SharedStateError,
} from "../store/index.ts";
import {
  type BudgetPart,
  chargeOf,
  checkReservationAmount,
  listStatuses,
  sendAlert,
  smallestRemaining,
  toSpend,
} from "./budget-figures.ts";
import {
  type BudgetLedger,
  type BudgetLedgerOptions,
  createBudgetLedger,
  type Reservation,
  type ReserveResult,
} from "./budget-ledger.ts";
import { type BudgetWindow, budgetWindow } from "./budget-period.ts";
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

/** A request's reservation: its budgets, each one's window now and its keys in Redis. */
type Held = {
  id: string;
  scopes: readonly BudgetedScope[];
  windows: BudgetWindow[];
  keys: BudgetKey[];
};

export function createSharedBudgetLedger(options: SharedBudgetLedgerOptions): BudgetLedger {
  const { counters, clock } = options;
  const spends = createSpendWriter(options.repository, options.onError);
  // the fallback with fail_mode open: one spend writer, so each ledger counts what the other wrote
  const local = createBudgetLedger({ ...options, spends });
  let fallingBack = false;
  const held = new WeakMap<Reservation, Held>();
  // reservations of the fallback ledger, by the request's windows in Redis
  const heldLocally = new WeakMap<Reservation, Held>();
  const settles = createSettleQueue(counters, options.onError);
  const seed = async (hold: Held, index: number, now: number) => {
    const scope = hold.scopes[index] as BudgetedScope;
    const key = hold.keys[index] as BudgetKey;
    const spent = await spends.stored(scope.scope, scope.id, key.start);
    const alerted = spent >= options.alertAt() * scope.budget.usd;
    await counters.seed(key, spent, alerted, keepMs(hold.windows[index] as BudgetWindow, now));
  };
  const reserveShared = async (hold: Held, amountUsd: number, now: number) => {
    const keep = Math.max(...hold.windows.map((window) => keepMs(window, now)));
    const ttlMs = options.reservationTtlMs();
    const reservation = { id: hold.id, amountUsd, ttlMs, keepMs: keep };
    await settles.drain();
    for (let attempt = 0; attempt <= hold.scopes.length; attempt++) {
      const verdict = await counters.reserve(hold.keys, reservation);
      if (verdict.kind !== "unseeded") return verdict;
      await seed(hold, verdict.index, now);
    }
    throw new Error("the budget windows could not be seeded in Redis");
  };
  const answer = (hold: Held, verdict: ReserveVerdict, amountUsd: number, now: number) => {
    if (verdict.kind === "unseeded") throw new Error("unseeded budget window");
    const parts = hold.scopes.map(
      (scope, index): BudgetPart => ({
        scope,
        entry: {
          window: hold.windows[index] as BudgetWindow,
          spent: verdict.windows[index]?.spentUsd ?? 0,
          reserved: verdict.windows[index]?.reservedUsd ?? 0,
        },
      }),
    );
    if (verdict.kind === "over") {
      const over = parts.filter((_, index) => verdict.over.includes(index));
      return { ok: false, refusal: toRefusal(over, amountUsd, now) } satisfies ReserveResult;
    }
    const reservation: Reservation = { amountUsd };
    held.set(reservation, hold);
    return {
      ok: true,
      reservation,
      remainingUsd: smallestRemaining(parts),
    } satisfies ReserveResult;
  };

  const settleLocally = async (reservation: Reservation, costUsd: number | null) => {
    const hold = heldLocally.get(reservation);
    heldLocally.delete(reservation);
    await local.settle(reservation, costUsd);
    const charge = chargeOf(reservation.amountUsd, costUsd);
    if (!hold || charge <= 0) return;
    // Redis may still hold the window: the spend must count there too (the fallback alerted)
    await settles.send(hold.keys, { id: hold.id, costUsd: charge, alertAt: options.alertAt() });
  };

  return {
    async reserve(scopes, amountUsd) {
      checkReservationAmount(amountUsd);
      const now = clock.now();
      const windows = scopes.map((scope) => budgetWindow(scope.budget, now));
      const keys = scopes.map((scope, index) => keyOf(scope, windows[index] as BudgetWindow));
      const hold: Held = { id: crypto.randomUUID(), scopes, windows, keys };
      let verdict: ReserveVerdict;
      try {
        verdict = await reserveShared(hold, amountUsd, now);
      } catch (error: unknown) {
        if (!(error instanceof SharedStateError)) throw error;
        // the script may have run with its reply lost: release it once Redis is back (one never
        // sent holds nothing, and its release would only push settlements out of the queue)
        if (error.sent) settles.release(keys, hold.id);
        options.onUnavailable("budgets", error);
        if (options.failMode === "closed") throw sharedStateUnavailable("budgets", error);
        if (!fallingBack) local.forgetIdle();
        fallingBack = true;
        const result = await local.reserve(scopes, amountUsd);
        if (result.ok) heldLocally.set(result.reservation, hold);
        return result;
      }
      fallingBack = false;
      return answer(hold, verdict, amountUsd, now);
    },
    async settle(reservation, costUsd) {
      const hold = held.get(reservation);
      if (!hold) return settleLocally(reservation, costUsd);
      held.delete(reservation);
      const charge = chargeOf(reservation.amountUsd, costUsd);
      const now = clock.now();
      hold.scopes.forEach((scope, index) => {
        const start = hold.keys[index]?.start ?? 0;
        if (charge > 0) spends.add(toSpend(scope, start, charge, now));
      });
      const settled = await settles.send(hold.keys, {
        id: hold.id,
        costUsd: Math.max(0, charge),
        alertAt: options.alertAt(),
      });
      settled.forEach(({ crossedAlert, spentUsd }, index) => {
        const scope = hold.scopes[index];
        const window = hold.windows[index];
        if (!crossedAlert || !scope || !window) return;
        const entry = { window, spent: spentUsd ?? charge, reserved: 0 };
        sendAlert(options, { scope, entry }, options.alertAt());
      });
      await spends.written();
    },
    spendDropped: () => spends.dropped(),
    list: () =>
      listStatuses(options.repository, spends, clock.now(), async (scopes, windows) => {
        const keys = scopes.map((scope, index) => keyOf(scope, windows[index] as BudgetWindow));
        const live = await counters.read(keys).catch((error: unknown) => {
          if (!(error instanceof SharedStateError)) throw error;
          return keys.map(() => null);
        });
        return live.map((figures) => figures?.reservedUsd ?? 0);
      }),
  };
}

// --- internal ---

const dayMs = 86_400_000;

function keyOf(scope: BudgetedScope, window: BudgetWindow): BudgetKey {
  return { scope: scope.scope, id: scope.id, start: window.start, budgetUsd: scope.budget.usd };
}

/** How long a window's keys stay in Redis: its period and a day (35 days for `total`). */
function keepMs({ resetsAt }: BudgetWindow, now: number): number {
  return resetsAt === null ? 35 * dayMs : Math.max(resetsAt - now, 0) + dayMs;
}
