// Splits the failover scenario's recorded requests at the kill and summarises each side.

import { summarize } from "./stats.ts";
import type { LoadResult } from "./types.ts";

/** One side of the kill; latencies cover every request, failed ones included. */
export type SideFigures = {
  requests: number;
  requestsPerSec: number;
  successPercent: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Requests llm-proxy answered only after more than one attempt. */
  retried: number;
  /** Requests answered by each provider (x-llm-proxy-provider). */
  servedBy: Record<string, number>;
};

export type FailoverFigures = {
  workers: number;
  seconds: number;
  /** When mock 2 got SIGKILL, in seconds after recording began. */
  killedAtSecond: number;
  /** Finished before the kill. */
  before: SideFigures;
  /** In flight at the kill or started after it. */
  after: SideFigures;
  /** Requests in flight at any moment of the first second after the kill. */
  firstSecond: { requests: number; failed: number; maxMs: number };
  failures: LoadResult["failures"];
  /** WARN and ERROR lines in the proxy's log, when there were any. */
  proxyLogProblems?: string;
};

const firstSecondMs = 1_000;

/** `killedAt` is epoch milliseconds, like the load's timestamps. */
export function analyzeFailover(
  load: LoadResult,
  killedAt: number,
  workers: number,
): Omit<FailoverFigures, "proxyLogProblems"> {
  const before: number[] = [];
  const after: number[] = [];
  const firstSecond: number[] = [];
  for (let i = 0; i < load.startedAt.length; i++) {
    const start = load.startedAt[i] ?? 0;
    const end = start + (load.micros[i] ?? 0) / 1000;
    (end < killedAt ? before : after).push(i);
    if (end >= killedAt && start < killedAt + firstSecondMs) firstSecond.push(i);
  }
  const recordedMs = load.recordUntil - load.recordFrom;
  return {
    workers,
    seconds: recordedMs / 1000,
    killedAtSecond: (killedAt - load.recordFrom) / 1000,
    before: summarizeSide(load, before, killedAt - load.recordFrom),
    after: summarizeSide(load, after, load.recordUntil - killedAt),
    firstSecond: {
      requests: firstSecond.length,
      failed: firstSecond.filter((i) => load.status[i] !== 200).length,
      maxMs: firstSecond.reduce((max, i) => Math.max(max, (load.micros[i] ?? 0) / 1000), 0),
    },
    failures: load.failures,
  };
}

// --- internal ---

function summarizeSide(load: LoadResult, indexes: readonly number[], spanMs: number): SideFigures {
  const latency = summarize(indexes.map((i) => load.micros[i] ?? 0));
  const servedBy: Record<string, number> = {};
  let ok = 0;
  let retried = 0;
  for (const i of indexes) {
    if (load.status[i] === 200) ok++;
    if ((load.attempts[i] ?? 0) > 1) retried++;
    const provider = load.provider[i];
    if (provider) servedBy[provider] = (servedBy[provider] ?? 0) + 1;
  }
  const requests = indexes.length;
  return {
    requests,
    requestsPerSec: spanMs > 0 ? requests / (spanMs / 1000) : Number.NaN,
    successPercent: requests > 0 ? (ok / requests) * 100 : Number.NaN,
    p50Ms: latency.p50 / 1000,
    p99Ms: latency.p99 / 1000,
    maxMs: latency.max / 1000,
    retried,
    servedBy,
  };
}
