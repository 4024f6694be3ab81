// A clock the test moves by hand, for breaker cooldowns and windows without waiting.

import type { Clock } from "../../src/shared/index.ts";

export type ManualClock = Clock & { advance(ms: number): void };

export function manualClock(start = Date.now()): ManualClock {
  let now = start;
  return {
    now: () => now,
    monotonic: () => now,
    advance(ms) {
      now += ms;
    },
  };
}
