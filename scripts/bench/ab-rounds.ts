// An A/B comparison measures in alternating rounds (ABBA, then BAAB for c=1), so that the
// machine's drift weighs on both sides alike; a side's figure is the median of its rounds.

import type { SequentialResult, WrkFigures } from "./types.ts";

/** The two servers an A/B comparison measures: `a` is the baseline, `b` the variant. */
export type Side = "a" | "b";

const abba: readonly Side[] = ["a", "b", "b", "a"];
const baab: readonly Side[] = ["b", "a", "a", "b"];

/** Two wrk rounds per side. */
export const wrkRoundOrder: readonly Side[] = abba;
/** Four c=1 rounds per side: one disturbed round cannot move the median much. */
export const latencyRoundOrder: readonly Side[] = [...abba, ...baab];

/** Sequential c=1 latency of one side: the medians of its rounds' percentiles, in microseconds. */
export type MergedLatency = { p50Us: number; p99Us: number; requests: number };

/** Rates and percentiles: the rounds' medians (rounds are of equal length); counts added up. */
export function mergeWrkRounds(rounds: readonly WrkFigures[]): WrkFigures {
  return {
    requestsPerSec: median(rounds.map((round) => round.requestsPerSec)),
    p50Ms: median(rounds.map((round) => round.p50Ms)),
    p99Ms: median(rounds.map((round) => round.p99Ms)),
    requests: sum(rounds.map((round) => round.requests)),
    bytesRead: sum(rounds.map((round) => round.bytesRead)),
    seconds: sum(rounds.map((round) => round.seconds)),
    badStatus: sum(rounds.map((round) => round.badStatus)),
    socketErrors: sum(rounds.map((round) => round.socketErrors)),
  };
}

export function mergeLatencyRounds(rounds: readonly SequentialResult[]): MergedLatency {
  return {
    p50Us: median(rounds.map((round) => round.samples.p50)),
    p99Us: median(rounds.map((round) => round.samples.p99)),
    requests: sum(rounds.map((round) => round.samples.count)),
  };
}

// --- internal ---

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** The middle value, or the mean of the middle two. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  if (sorted.length === 0) return Number.NaN;
  if (sorted.length % 2 === 1) return sorted[Math.floor(middle)] ?? Number.NaN;
  return ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}
