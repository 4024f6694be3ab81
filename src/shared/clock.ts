// Time source passed into every module that reads the time, so tests can control it.

export type Clock = {
  /** Wall-clock epoch milliseconds. */
  now(): number;
  /** Monotonic high-resolution milliseconds, for measuring durations. */
  monotonic(): number;
};

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};
