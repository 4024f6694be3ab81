// Counts requests in flight (streams until their last byte) and lets callers await zero.

export type InFlight = {
  enter(): void;
  leave(): void;
  count(): number;
  /** Resolves once nothing is in flight. */
  idle(): Promise<void>;
};

/** With a parent, every enter and leave counts there too (a generation inside the process). */
export function createInFlight(parent?: InFlight): InFlight {
  let count = 0;
  let waiters: (() => void)[] = [];
  return {
    enter() {
      count++;
      parent?.enter();
    },
    leave() {
      count--;
      parent?.leave();
      if (count === 0 && waiters.length > 0) {
        const ready = waiters;
        waiters = [];
        for (const resolve of ready) resolve();
      }
    },
    count: () => count,
    idle: () =>
      count === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)),
  };
}
