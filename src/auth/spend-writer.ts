// Writes settled spend to the store: what is not written yet is one sum per budget window, and
// each flush writes all of them in one transaction, one flush at a time. A failed flush is kept
// and retried with the next one; while the store keeps failing, at most `maxWindows` windows
// are kept (the oldest dropped, and counted). Reads of the store's spend never overlap a write,
// so a spend on its way is counted once: in the store or in what is kept, never in both.

import { createSerialTask } from "../shared/index.ts";
import type { BudgetRepository, BudgetScopeKind, BudgetSpend } from "../store/index.ts";

export type SpendWriter = {
  add(spend: BudgetSpend): void;
  /** Resolves once every spend added so far was written (or failed and was kept). */
  written(): Promise<void>;
  /** The store's spend of a scope's window, plus the spend not yet written there. */
  stored(scope: BudgetScopeKind, id: string, start: number): Promise<number>;
  /** Spend given up on (its window's sum) because the store kept failing. */
  dropped(): number;
};

export type SpendWriterOptions = {
  /** Windows with spend kept while the store fails before the oldest is dropped. */
  maxWindows?: number;
};

export function createSpendWriter(
  repository: BudgetRepository,
  onError: (error: unknown) => void,
  options: SpendWriterOptions = {},
): SpendWriter {
  const maxWindows = options.maxWindows ?? 10_000;
  // not written yet, oldest window first
  let unsaved = new Map<string, BudgetSpend>();
  let droppedCount = 0;
  const keepWithinBound = () => {
    for (const [key, oldest] of unsaved) {
      if (unsaved.size <= maxWindows) return;
      unsaved.delete(key);
      droppedCount++;
      const what = `${oldest.usd} USD of ${oldest.scope} ${oldest.id}`;
      onError(
        new Error(`the store kept failing: dropped ${what} (unsaved spend of the oldest window)`),
      );
    }
  };
  let quiet: Promise<unknown> = Promise.resolve();
  /** Runs `work` once no read or write of the store's spend runs. */
  const alone = <T>(work: () => Promise<T>): Promise<T> => {
    const run = quiet.then(work, work);
    quiet = run.catch(() => undefined);
    return run;
  };
  const writeAll = async (): Promise<void> => {
    if (unsaved.size === 0) return;
    // taken off before the write: what is added meanwhile waits for the next flush
    const batch = unsaved;
    unsaved = new Map();
    try {
      await repository.addSpends([...batch.values()]);
    } catch (error: unknown) {
      // back in front of what came meanwhile, for the next flush
      for (const [key, spend] of unsaved) merge(batch, key, spend);
      unsaved = batch;
      onError(error);
      keepWithinBound();
    }
  };
  const write = createSerialTask(() => alone(writeAll));
  let written: Promise<void> = Promise.resolve();
  return {
    add(spend) {
      merge(unsaved, keyOf(spend.scope, spend.id, spend.start), spend);
      keepWithinBound();
      written = write();
    },
    written: () => written,
    stored: (scope, id, start) =>
      alone(async () => {
        const spent = await repository.spent(scope, id, start);
        return spent + (unsaved.get(keyOf(scope, id, start))?.usd ?? 0);
      }),
    dropped: () => droppedCount,
  };
}

// --- internal ---

function keyOf(scope: BudgetScopeKind, id: string, start: number): string {
  return `${scope}:${id}:${start}`;
}

function merge(into: Map<string, BudgetSpend>, key: string, spend: BudgetSpend): void {
  const known = into.get(key);
  if (!known) into.set(key, { ...spend });
  else into.set(key, { ...known, usd: known.usd + spend.usd, at: Math.max(known.at, spend.at) });
}
