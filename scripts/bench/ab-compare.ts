// An A/B comparison of two llm-proxy servers on one mock: wrk and c=1 latency in alternating
// rounds, each side's rounds merged, and the difference of the variant (b) to the baseline (a).

import {
  latencyRoundOrder,
  type MergedLatency,
  mergeLatencyRounds,
  mergeWrkRounds,
  type Side,
  wrkRoundOrder,
} from "./ab-rounds.ts";
import { chatPath } from "./chat-request.ts";
import { logFileProblems } from "./log-problems.ts";
import { progress } from "./progress.ts";
import type { ConfiguredProxy } from "./proxy.ts";
import { runSequential, withoutErrors } from "./run-client.ts";
import type { Outcome, Profile, SequentialResult, WrkFigures, WrkRun } from "./types.ts";
import { runWrk, writeWrkScript } from "./wrk.ts";

/** A started server of one side. */
export type AbServer = {
  /** How progress lines name the side, e.g. "auth none". */
  label: string;
  proxy: ConfiguredProxy;
  /** A client token that every request sends as the bearer. */
  token?: string | undefined;
  /** Request headers that every request of this side sends. */
  headers?: Readonly<Record<string, string>> | undefined;
};

export type AbPair = Record<Side, AbServer>;

export type AbSideFigures = {
  /** The side's wrk rounds merged: medians of rates and percentiles, counts added up. */
  throughput: Outcome<WrkFigures>;
  latency: MergedLatency;
  rounds: { throughput: WrkFigures[]; latency: SequentialResult[] };
  /** WARN and ERROR lines in the proxy's log, when there were any. */
  proxyLogProblems?: string;
};

/** How long each round was. */
export type AbRoundSizes = {
  /** Seconds of each wrk round (two per side), requests of each c=1 round (four per side). */
  wrkRoundSeconds: number;
  latencyRoundRequests: number;
};

/** What the variant (b) changes against the baseline (a). */
export type AbDifference = {
  /** p50 at c=1 of b minus a's, in microseconds. */
  addedP50AtC1Us: number;
  /** b's throughput relative to a's, in percent (negative: slower); needs wrk. */
  throughputChangePercent?: number;
};

export type AbComparison = AbRoundSizes & AbDifference & Record<Side, AbSideFigures>;

/** `scenario` prefixes the progress lines, e.g. "token check". */
export async function compareServers(
  scenario: string,
  pair: AbPair,
  wrk: Outcome<WrkRun>,
  profile: Profile,
  dir: string,
): Promise<AbComparison> {
  const sizes = roundSizes(profile);
  const rounds = await measureRounds(scenario, pair, wrk, profile, dir);
  const a = await summarizeSide(pair.a, rounds.a, wrk);
  const b = await summarizeSide(pair.b, rounds.b, wrk);
  return {
    wrkRoundSeconds: sizes.wrkSeconds,
    latencyRoundRequests: sizes.latencyRequests,
    a,
    b,
    addedP50AtC1Us: b.latency.p50Us - a.latency.p50Us,
    ...throughputChange(a, b),
  };
}

// --- internal ---

type Rounds = Record<Side, AbSideFigures["rounds"]>;

/** wrk (warm-ups first), then latency at c=1, each in its round order. */
async function measureRounds(
  scenario: string,
  pair: AbPair,
  wrk: Outcome<WrkRun>,
  profile: Profile,
  dir: string,
): Promise<Rounds> {
  const sizes = roundSizes(profile);
  const rounds: Rounds = {
    a: { throughput: [], latency: [] },
    b: { throughput: [], latency: [] },
  };
  if (wrk.ok) {
    const scripts = await wrkScripts(pair, dir);
    for (const side of ["a", "b"] as const) {
      progress(`${scenario}: wrk ${pair[side].label} ${profile.wrkWarmupSeconds}s warm-up ...`);
      await runWrk(wrk.value, scripts[side], pair[side].proxy.origin, profile.wrkWarmupSeconds);
    }
    for (const side of wrkRoundOrder) {
      progress(`${scenario}: wrk ${pair[side].label} ${sizes.wrkSeconds}s round ...`);
      const origin = pair[side].proxy.origin;
      const figures = await runWrk(wrk.value, scripts[side], origin, sizes.wrkSeconds);
      rounds[side].throughput.push(figures);
    }
  }
  for (const side of latencyRoundOrder) {
    const server = pair[side];
    progress(`${scenario}: latency c=1 ${server.label}: ${sizes.latencyRequests} requests ...`);
    const result = await runSequential("latency", `${server.proxy.origin}${chatPath}`, {
      count: sizes.latencyRequests,
      warmup: profile.latencyWarmup,
      ...(server.token === undefined ? {} : { token: server.token }),
      ...(server.headers === undefined ? {} : { headers: server.headers }),
    });
    rounds[side].latency.push(withoutErrors(result));
  }
  return rounds;
}

/**
 * A side's wrk rounds add up to the main table's wrk run. Each c=1 round is as long as the main
 * table's: its p99 needs the samples, and sequential requests take well under a second.
 */
function roundSizes(profile: Profile): { wrkSeconds: number; latencyRequests: number } {
  const wrkRounds = wrkRoundOrder.filter((side) => side === "a").length;
  return {
    // wrk takes whole seconds only
    wrkSeconds: Math.max(1, Math.ceil(profile.wrkSeconds / wrkRounds)),
    latencyRequests: profile.latencySamples,
  };
}

async function wrkScripts(pair: AbPair, dir: string): Promise<Record<Side, string>> {
  const script = (server: AbServer) =>
    writeWrkScript(dir, { token: server.token, headers: server.headers ?? {} });
  return { a: await script(pair.a), b: await script(pair.b) };
}

async function summarizeSide(
  server: AbServer,
  rounds: AbSideFigures["rounds"],
  wrk: Outcome<WrkRun>,
): Promise<AbSideFigures> {
  const throughput: Outcome<WrkFigures> = wrk.ok
    ? { ok: true, value: mergeWrkRounds(rounds.throughput) }
    : wrk;
  const problems = await logFileProblems(server.proxy.server.stderrPath);
  return {
    throughput,
    latency: mergeLatencyRounds(rounds.latency),
    rounds,
    ...(problems === undefined ? {} : { proxyLogProblems: problems }),
  };
}

function throughputChange(
  a: AbSideFigures,
  b: AbSideFigures,
): Pick<AbDifference, "throughputChangePercent"> {
  if (!a.throughput.ok || !b.throughput.ok) return {};
  const ratio = b.throughput.value.requestsPerSec / a.throughput.value.requestsPerSec;
  return { throughputChangePercent: (ratio - 1) * 100 };
}
