// Counts requests in flight (streams until their last byte) and lets callers await zero.

export type InFlight = {
  enter(): void;
  leave(): void;
  count(): number;
  /** Resolves once nothing is in flight. */
  idle(): Promise<void>;
};

export function createInFlight(): InFlight {
  let count = 0;
  let waiters: (() => void)[] = [];
  return {
    enter() {
      count++;
    },
    leave() {
      count--;
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
