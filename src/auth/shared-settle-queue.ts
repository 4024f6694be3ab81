// Settlements of shared budget reservations that could not reach Redis, kept and sent again
// before the next reservation: a cost must not go missing from a window Redis still holds, and a
// reservation whose reply timed out (it may have been made) is released, not left to expire.

import { createSerialTask } from "../shared/index.ts";
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
  /**
   * Sends what is kept, one at a time, one drain at a time (concurrent calls share it); stops
   * (keeping the rest) at the first one Redis cannot take.
   */
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
  const sendKept = async (): Promise<void> => {
    // taken off before it is sent: `keep` may push the oldest out meanwhile
    for (let next = kept.shift(); next !== undefined; next = kept.shift()) {
      try {
        await counters.settle(next.windows, next.settlement);
      } catch (error: unknown) {
        if (error instanceof SharedStateError) {
          kept.unshift(next);
          throw error;
        }
        onError(error);
      }
    }
  };
  const drainKept = createSerialTask(sendKept);
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
    drain: () => (kept.length === 0 ? Promise.resolve() : drainKept()),
  };
}
