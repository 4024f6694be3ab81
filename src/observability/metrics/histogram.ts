// Histogram series: per-bucket counts on observe, cumulative `_bucket` lines with `_sum` and
// `_count` on render, as the Prometheus exposition format defines them.

import { formatValue, labelPairs } from "./exposition.ts";
import type { Series } from "./series-map.ts";

/** Counts per bucket (not yet cumulative); the last slot is the +Inf bucket. */
export type HistogramState = { counts: number[]; sum: number; count: number };

export function createHistogramState(bounds: readonly number[]): HistogramState {
  return { counts: new Array<number>(bounds.length + 1).fill(0), sum: 0, count: 0 };
}

export function observeInto(state: HistogramState, bounds: readonly number[], value: number) {
  // NaN would make _sum NaN for the rest of the process; such a value is a caller bug.
  if (Number.isNaN(value)) return;
  let i = 0;
  while (i < bounds.length && value > (bounds[i] as number)) i++;
  state.counts[i] = (state.counts[i] as number) + 1;
  state.sum += value;
  state.count += 1;
}

/** Buckets are cumulative (each counts every observation <= le) and end with le="+Inf". */
export function writeHistogram(
  out: string[],
  name: string,
  labelNames: readonly string[],
  bounds: readonly number[],
  sorted: readonly Series<HistogramState>[],
): void {
  const les = [...bounds.map(formatValue), "+Inf"];
  for (const { values, state } of sorted) {
    const pairs = labelPairs(labelNames, values);
    const open = pairs === "" ? "{" : `{${pairs},`;
    let cumulative = 0;
    for (let i = 0; i < les.length; i++) {
      cumulative += state.counts[i] as number;
      out.push(`${name}_bucket${open}le="${les[i]}"} ${formatValue(cumulative)}`);
    }
    const labels = pairs === "" ? "" : `{${pairs}}`;
    out.push(`${name}_sum${labels} ${formatValue(state.sum)}`);
    out.push(`${name}_count${labels} ${formatValue(state.count)}`);
  }
}

export function checkBuckets(
  name: string,
  labelNames: readonly string[],
  buckets: readonly number[],
): void {
  if (labelNames.includes("le")) throw new Error(`${name}: "le" is reserved for histogram buckets`);
  buckets.forEach((bound, i) => {
    if (!Number.isFinite(bound)) throw new Error(`${name}: bucket bounds must be finite`);
    if (i > 0 && bound <= (buckets[i - 1] as number)) {
      throw new Error(`${name}: bucket bounds must be strictly increasing`);
    }
  });
}
