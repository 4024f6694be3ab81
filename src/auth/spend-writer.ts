// Writes settled spend to the store in order, one write at a time; a failed write is kept and
// retried with the next one, and counts in what the store is read to hold meanwhile.

import { createSerialTask } from "../shared/index.ts";
import type { BudgetRepository, BudgetScopeKind } from "../store/index.ts";

export type Spend = { scope: BudgetScopeKind; id: string; start: number; usd: number; at: number };

export type SpendWriter = {
  add(spend: Spend): void;
  /** Resolves once every spend added so far was written (or failed and was kept). */
  written(): Promise<void>;
  /** The store's spend of a scope's window, plus the spend not yet written there. */
  stored(scope: BudgetScopeKind, id: string, start: number): Promise<number>;
};

export function createSpendWriter(
  repository: BudgetRepository,
  onError: (error: unknown) => void,
): SpendWriter {
  const unsaved: Spend[] = [];
  const writeAll = async (): Promise<void> => {
    for (let spend = unsaved[0]; spend !== undefined; spend = unsaved[0]) {
      try {
        await repository.addSpend(spend.scope, spend.id, spend.start, spend.usd, spend.at);
      } catch (error: unknown) {
        onError(error);
        return;
      }
      unsaved.shift();
    }
  };
  const write = createSerialTask(writeAll);
  let written: Promise<void> = Promise.resolve();
  return {
    add(spend) {
      unsaved.push(spend);
      written = write();
    },
    written: () => written,
    async stored(scope, id, start) {
      await written;
      let spent = await repository.spent(scope, id, start);
      for (const spend of unsaved) {
        if (spend.scope === scope && spend.id === id && spend.start === start) spent += spend.usd;
      }
      return spent;
    },
  };
}
