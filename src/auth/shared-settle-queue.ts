// Settlements of shared budget reservations that could not reach Redis, kept and sent again
// before the next reservation: a cost must not go missing from a window Redis still holds, and a
// reservation whose reply timed out (it may have been made) is released, not left to expire.

import {
  type BudgetCounters,
  type BudgetKey,
  type Settled,
  SharedStateError,
} from "../store/index.ts";

type Settlement = { id: string; costUsd: number; alertAt: number };
type Pending = { windows: readonly BudgetKey[]; settlement: Settlement };

export type SettleQueue = {
  /** Settles now; if Redis is away, keeps it for later and answers no window figures. */
  send(windows: readonly BudgetKey[], settlement: Settlement): Promise<Settled[]>;
  /** Keeps a release of a reservation that may have been made. */
  release(windows: readonly BudgetKey[], id: string): void;
  /** Sends what is kept; stops (keeping the rest) at the first one Redis cannot take. */
  drain(): Promise<void>;
};

// bounded: past it (a very long outage) the oldest are dropped; their reservations expire anyway
const maxKept = 10_000;

export function createSettleQueue(
  counters: BudgetCounters,
  onError: (error: unknown) => void,
): SettleQueue {
  const kept: Pending[] = [];
  const keep = (pending: Pending) => {
    kept.push(pending);
    if (kept.length > maxKept) kept.shift();
  };
  return {
    async send(windows, settlement) {
      try {
        return await counters.settle(windows, settlement);
      } catch (error: unknown) {
        if (!(error instanceof SharedStateError)) onError(error);
        keep({ windows, settlement });
        return [];
      }
    },
    release(windows, id) {
      keep({ windows, settlement: { id, costUsd: 0, alertAt: 1 } });
    },
    async drain() {
      while (kept.length > 0) {
        const [next] = kept;
        if (!next) return;
        try {
          await counters.settle(next.windows, next.settlement);
        } catch (error: unknown) {
          if (error instanceof SharedStateError) throw error;
          onError(error);
        }
        kept.shift();
      }
    },
  };
}
