// The measured phases, each run against every available target in turn: direct, nginx, llm-proxy.

import { chatPath } from "./chat-request.ts";
import type { Profile } from "./options.ts";
import { describeError, progress } from "./progress.ts";
import { type Missing, type Outcome, type TargetKey, targetKeys, targetLabels } from "./results.ts";
import { runSequential, runStreams } from "./run-client.ts";
import type { SequentialResult, StreamsResult } from "./types.ts";
import { runWrk, type WrkFigures, type WrkRun } from "./wrk.ts";

/** Each target's origin, or why it is not there. */
export type Endpoints = Record<TargetKey, Outcome<string>>;
export type PerTarget<T> = Record<TargetKey, Outcome<T>>;

export async function measureThroughput(
  endpoints: Endpoints,
  wrk: Outcome<WrkRun>,
  profile: Profile,
): Promise<PerTarget<WrkFigures>> {
  if (!wrk.ok) return sameForAll(endpoints, wrk);
  return await forEachTarget(endpoints, async (key, origin) => {
    const label = targetLabels[key];
    progress(`wrk ${label} ${profile.wrkWarmupSeconds}s warm-up (not recorded) ...`);
    await runWrk(wrk.value, origin, profile.wrkWarmupSeconds);
    progress(`wrk ${label} ${profile.wrkSeconds}s, ${profile.wrkConnections} connections ...`);
    const figures = await runWrk(wrk.value, origin, profile.wrkSeconds);
    progress(`wrk ${label}: ${Math.round(figures.requestsPerSec)} req/s`);
    if (figures.badStatus > 0 || figures.socketErrors > 0) {
      progress(`wrk ${label}: ${figures.badStatus} non-2xx, ${figures.socketErrors} socket errors`);
    }
    return figures;
  });
}

export async function measureLatency(
  endpoints: Endpoints,
  profile: Profile,
): Promise<PerTarget<SequentialResult>> {
  return await forEachTarget(endpoints, async (key, origin) => {
    progress(`latency c=1 ${targetLabels[key]}: ${profile.latencySamples} requests ...`);
    const args = { count: profile.latencySamples, warmup: profile.latencyWarmup };
    return withoutErrors(await runSequential("latency", `${origin}${chatPath}`, args));
  });
}

export async function measureTtfb(
  endpoints: Endpoints,
  profile: Profile,
): Promise<PerTarget<SequentialResult>> {
  return await forEachTarget(endpoints, async (key, origin) => {
    progress(`TTFB ${targetLabels[key]}: ${profile.ttfbSamples} streaming requests ...`);
    const args = {
      count: profile.ttfbSamples,
      warmup: profile.ttfbWarmup,
      chunks: profile.ttfbChunks,
      intervalMs: profile.ttfbIntervalMs,
    };
    return withoutErrors(await runSequential("ttfb", `${origin}${chatPath}`, args));
  });
}

export async function checkStreams(
  endpoints: Endpoints,
  profile: Profile,
): Promise<PerTarget<StreamsResult>> {
  return await forEachTarget(endpoints, async (key, origin) => {
    const label = targetLabels[key];
    progress(`streams ${label}: ${profile.streams} at once, ${profile.streamChunks} chunks ...`);
    const result = await runStreams(`${origin}${chatPath}`, {
      count: profile.streams,
      chunks: profile.streamChunks,
      intervalMs: profile.streamIntervalMs,
    });
    progress(
      `streams ${label}: ${result.intact}/${result.opened} intact in ${Math.round(result.wallMs)} ms`,
    );
    for (const { reason, count } of result.failures) progress(`  ${count} x ${reason}`);
    return result;
  });
}

/** Timings that include failed requests would flatter or smear the figures: refuse them. */
export function withoutErrors(result: SequentialResult): SequentialResult {
  if (result.errors > 0) {
    throw new Error(`${result.errors} requests failed, first: ${result.firstError ?? "?"}`);
  }
  return result;
}

// --- internal ---

async function forEachTarget<T>(
  endpoints: Endpoints,
  measure: (key: TargetKey, origin: string) => Promise<T>,
): Promise<PerTarget<T>> {
  const results = {} as PerTarget<T>;
  for (const key of targetKeys) {
    const endpoint = endpoints[key];
    if (!endpoint.ok) {
      results[key] = endpoint;
      continue;
    }
    try {
      results[key] = { ok: true, value: await measure(key, endpoint.value) };
    } catch (error: unknown) {
      progress(`${targetLabels[key]} failed: ${describeError(error)}`);
      results[key] = { ok: false, why: "failed", detail: describeError(error) };
    }
  }
  return results;
}

/** A phase that cannot run at all (no wrk): each target keeps its own reason if it has one. */
function sameForAll<T>(endpoints: Endpoints, missing: Missing): PerTarget<T> {
  const results = {} as PerTarget<T>;
  for (const key of targetKeys) {
    const endpoint = endpoints[key];
    results[key] = endpoint.ok ? missing : endpoint;
  }
  return results;
}
