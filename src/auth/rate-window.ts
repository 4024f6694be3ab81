// A sliding one-minute counter in one-second buckets, for requests-per-minute and
// tokens-per-minute limits: constant memory however high the limit.

const bucketMs = 1_000;
const bucketCount = 60;

export type RateWindow = {
  add(amount: number, now: number): void;
  total(now: number): number;
  /** Milliseconds until the total drops by the oldest bucket still counted. */
  msUntilRelief(now: number): number;
};

export function createRateWindow(): RateWindow {
  const buckets = new Float64Array(bucketCount);
  const stamps = new Float64Array(bucketCount).fill(-1);
  const slot = (now: number) => {
    const second = Math.floor(now / bucketMs);
    const index = second % bucketCount;
    if (stamps[index] !== second) {
      stamps[index] = second;
      buckets[index] = 0;
    }
    return index;
  };
  const live = (second: number, now: number) => Math.floor(now / bucketMs) - second < bucketCount;
  return {
    add(amount, now) {
      const index = slot(now);
      buckets[index] = (buckets[index] ?? 0) + amount;
    },
    total(now) {
      let sum = 0;
      for (let i = 0; i < bucketCount; i++) {
        const second = stamps[i] as number;
        if (second >= 0 && live(second, now)) sum += buckets[i] as number;
      }
      return sum;
    },
    msUntilRelief(now) {
      let oldest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < bucketCount; i++) {
        const second = stamps[i] as number;
        if (second >= 0 && live(second, now) && (buckets[i] as number) > 0) {
          oldest = Math.min(oldest, second);
        }
      }
      if (oldest === Number.POSITIVE_INFINITY) return 0;
      return (oldest + bucketCount) * bucketMs - now;
    },
  };
}
