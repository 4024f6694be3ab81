// Ends every upstream exchange still in flight when the shutdown grace is over. A set of abort
// functions instead of an AbortSignal listener per attempt: joining and leaving it is cheap.

export type ShutdownSwitch = {
  readonly tripped: boolean;
  watch(abort: () => void): void;
  unwatch(abort: () => void): void;
};

export function createShutdownSwitch(): ShutdownSwitch & { trip(): void } {
  const watching = new Set<() => void>();
  let tripped = false;
  return {
    get tripped() {
      return tripped;
    },
    watch: (abort) => {
      watching.add(abort);
    },
    unwatch: (abort) => {
      watching.delete(abort);
    },
    trip() {
      tripped = true;
      for (const abort of [...watching]) abort();
      watching.clear();
    },
  };
}
