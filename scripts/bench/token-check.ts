// Token check overhead: two llm-proxy servers on one mock, one with auth.mode none and one with
// auth.mode tokens (a client token on every request), measured in alternating rounds.

import { join } from "node:path";
import { chatPath } from "./chat-request.ts";
import { stopServer } from "./children.ts";
import { createClientToken } from "./client-token.ts";
import type { Profile } from "./options.ts";
import { withoutErrors } from "./phases.ts";
import { progress } from "./progress.ts";
import { type ConfiguredProxy, startConfiguredProxy } from "./proxy.ts";
import { summarizeProxyLog } from "./report.ts";
import type { Outcome } from "./results.ts";
import { runSequential } from "./run-client.ts";
import { writeAuthConfig } from "./scenario-configs.ts";
import {
  type AuthMode,
  latencyRoundOrder,
  type MergedLatency,
  mergeLatencyRounds,
  mergeWrkRounds,
  wrkRoundOrder,
} from "./token-check-rounds.ts";
import type { SequentialResult } from "./types.ts";
import { verifySample } from "./verify.ts";
import { runWrk, type WrkFigures, type WrkRun, writeWrkScript } from "./wrk.ts";

export type AuthRunFigures = {
  /** The mode's wrk rounds merged: medians of rates and percentiles, counts added up. */
  throughput: Outcome<WrkFigures>;
  latency: MergedLatency;
  rounds: { throughput: WrkFigures[]; latency: SequentialResult[] };
  /** WARN and ERROR lines in the proxy's log, when there were any. */
  proxyLogProblems?: string;
};

export type TokenCheckFigures = {
  /** Seconds of each wrk round (two per mode), requests of each c=1 round (four per mode). */
  wrkRoundSeconds: number;
  latencyRoundRequests: number;
  none: AuthRunFigures;
  tokens: AuthRunFigures;
  /** p50 at c=1 with tokens minus without, in microseconds. */
  addedP50AtC1Us: number;
  /** Throughput with tokens relative to without, in percent (negative: slower); needs wrk. */
  throughputChangePercent?: number;
};

type Server = { mode: AuthMode; proxy: ConfiguredProxy; token: string | undefined };
type Servers = Record<AuthMode, Server>;
type Rounds = Record<AuthMode, AuthRunFigures["rounds"]>;

export async function measureTokenCheck(
  mockOrigin: string,
  wrk: Outcome<WrkRun>,
  profile: Profile,
  dir: string,
): Promise<TokenCheckFigures> {
  let none: Server | undefined;
  let tokens: Server | undefined;
  try {
    none = await startServer("none", mockOrigin, dir);
    tokens = await startServer("tokens", mockOrigin, dir);
    const servers = { none, tokens };
    const sizes = roundSizes(profile);
    const rounds = await measureRounds(servers, wrk, profile, dir);
    const noneFigures = await summarizeMode(none, rounds.none, wrk);
    const tokensFigures = await summarizeMode(tokens, rounds.tokens, wrk);
    return {
      wrkRoundSeconds: sizes.wrkSeconds,
      latencyRoundRequests: sizes.latencyRequests,
      none: noneFigures,
      tokens: tokensFigures,
      addedP50AtC1Us: tokensFigures.latency.p50Us - noneFigures.latency.p50Us,
      ...throughputChange(noneFigures, tokensFigures),
    };
  } finally {
    for (const server of [none, tokens]) if (server) await stopServer(server.proxy.server);
  }
}

// --- internal ---

/** wrk (warm-ups first), then latency at c=1, each in its round order. */
async function measureRounds(
  servers: Servers,
  wrk: Outcome<WrkRun>,
  profile: Profile,
  dir: string,
): Promise<Rounds> {
  const sizes = roundSizes(profile);
  const rounds: Rounds = {
    none: { throughput: [], latency: [] },
    tokens: { throughput: [], latency: [] },
  };
  if (wrk.ok) {
    const runs = await wrkRuns(wrk.value, servers, dir);
    for (const server of [servers.none, servers.tokens]) {
      progress(`token check: wrk auth ${server.mode} ${profile.wrkWarmupSeconds}s warm-up ...`);
      await runWrk(runs[server.mode], server.proxy.origin, profile.wrkWarmupSeconds);
    }
    for (const mode of wrkRoundOrder) {
      progress(`token check: wrk auth ${mode} ${sizes.wrkSeconds}s round ...`);
      const figures = await runWrk(runs[mode], servers[mode].proxy.origin, sizes.wrkSeconds);
      rounds[mode].throughput.push(figures);
    }
  }
  for (const mode of latencyRoundOrder) {
    progress(`token check: latency c=1 auth ${mode}: ${sizes.latencyRequests} requests ...`);
    const server = servers[mode];
    const result = await runSequential("latency", `${server.proxy.origin}${chatPath}`, {
      count: sizes.latencyRequests,
      warmup: profile.latencyWarmup,
      ...(server.token === undefined ? {} : { token: server.token }),
    });
    rounds[mode].latency.push(withoutErrors(result));
  }
  return rounds;
}

/**
 * A mode's wrk rounds add up to the main table's wrk run. Each c=1 round is as long as the main
 * table's: its p99 needs the samples, and sequential requests take well under a second.
 */
function roundSizes(profile: Profile): { wrkSeconds: number; latencyRequests: number } {
  const wrkRounds = wrkRoundOrder.filter((mode) => mode === "none").length;
  return {
    // wrk takes whole seconds only
    wrkSeconds: Math.max(1, Math.ceil(profile.wrkSeconds / wrkRounds)),
    latencyRequests: profile.latencySamples,
  };
}

async function startServer(mode: AuthMode, mockOrigin: string, dir: string): Promise<Server> {
  const storePath = join(dir, "bench.db");
  const auth = mode === "none" ? { mode } : { mode, storePath };
  const configPath = await writeAuthConfig(dir, mockOrigin, auth);
  const token = mode === "tokens" ? await createClientToken(configPath, "bench") : undefined;
  if (token !== undefined) progress("token check: created a client token for project bench");
  const proxy = await startConfiguredProxy(`llm-proxy-auth-${mode}`, configPath, dir);
  await verifySample(`llm-proxy with auth ${mode}`, proxy.origin, token);
  progress(`token check: llm-proxy with auth ${mode} on ${proxy.origin}`);
  return { mode, proxy, token };
}

async function wrkRuns(
  wrk: WrkRun,
  servers: Servers,
  dir: string,
): Promise<Record<AuthMode, WrkRun>> {
  return {
    none: { ...wrk, luaPath: await writeWrkScript(dir, servers.none.token) },
    tokens: { ...wrk, luaPath: await writeWrkScript(dir, servers.tokens.token) },
  };
}

async function summarizeMode(
  server: Server,
  rounds: AuthRunFigures["rounds"],
  wrk: Outcome<WrkRun>,
): Promise<AuthRunFigures> {
  const throughput: Outcome<WrkFigures> = wrk.ok
    ? { ok: true, value: mergeWrkRounds(rounds.throughput) }
    : wrk;
  const problems = summarizeProxyLog(await Bun.file(server.proxy.server.stderrPath).text());
  return {
    throughput,
    latency: mergeLatencyRounds(rounds.latency),
    rounds,
    ...(problems === undefined ? {} : { proxyLogProblems: problems }),
  };
}

function throughputChange(
  none: AuthRunFigures,
  tokens: AuthRunFigures,
): Pick<TokenCheckFigures, "throughputChangePercent"> {
  if (!none.throughput.ok || !tokens.throughput.ok) return {};
  const ratio = tokens.throughput.value.requestsPerSec / none.throughput.value.requestsPerSec;
  return { throughputChangePercent: (ratio - 1) * 100 };
}
