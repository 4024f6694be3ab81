// The phases of the main table, each run through every target in turn before the next one, so
// that the machine's drift weighs on all targets alike: S3, S1 (wrk), S1 at c=1, S2, S4, TTFT.

import { messageOf } from "../../src/shared/index.ts";
import { bigJsonShape, chatPath, jsonShape, sseShape } from "./chat-request.ts";
import { type LoadEnv, measureLoad } from "./load-phase.ts";
import { streamIntervalMs } from "./options.ts";
import { progress } from "./progress.ts";
import { watchPeakRss } from "./rss.ts";
import { runSequential, runStreams, withoutErrors } from "./run-client.ts";
import type {
  Outcome,
  RunningTarget,
  StartedTarget,
  StreamFigures,
  TargetFigures,
} from "./types.ts";

type PhaseEnv = LoadEnv;

export async function measurePhases(
  started: readonly StartedTarget[],
  env: PhaseEnv,
): Promise<Map<string, TargetFigures>> {
  const { profile } = env;
  const c = profile.wrkConnections;
  const each = <T>(title: string, measure: (target: RunningTarget) => Promise<Outcome<T>>) =>
    forEachTarget(started, title, measure);
  // first: its peak RSS is then the streams', not what S4's 1 MB answers left behind
  const s3 = await each(`S3 ${profile.streams} streams`, (t) => measureStreams(t, env));
  const s1 = await each(`S1 JSON c=${c}`, (t) => measureLoad(t, jsonShape, env));
  const latency = await each("S1 c=1", (t) => measureC1(t, env, "latency"));
  const s2 = await each(`S2 SSE c=${c}`, (t) =>
    measureLoad(t, sseShape(profile.sseChunks, 0), env),
  );
  const s4 = await each(`S4 1 MB JSON c=${c}`, (t) =>
    measureLoad(t, bigJsonShape(profile.bigBodyBytes), env),
  );
  const ttft = await each("TTFT c=1", (t) => measureC1(t, env, "ttfb"));
  const figures = new Map<string, TargetFigures>();
  for (const { key } of started) {
    const of = <T>(phase: Map<string, Outcome<T>>): Outcome<T> =>
      phase.get(key) ?? { ok: false, why: "not measured" };
    figures.set(key, {
      s1: of(s1),
      latency: of(latency),
      s2: of(s2),
      s3: of(s3),
      s4: of(s4),
      ttft: of(ttft),
    });
  }
  return figures;
}

// --- internal ---

async function forEachTarget<T>(
  started: readonly StartedTarget[],
  title: string,
  measure: (target: RunningTarget) => Promise<Outcome<T>>,
): Promise<Map<string, Outcome<T>>> {
  const results = new Map<string, Outcome<T>>();
  for (const target of started) {
    if (!target.running.ok) {
      results.set(target.key, target.running);
      continue;
    }
    progress(`${title}: ${target.label} ...`);
    try {
      results.set(target.key, await measure(target.running.value));
    } catch (error: unknown) {
      progress(`${title}: ${target.label} failed: ${messageOf(error)}`);
      results.set(target.key, { ok: false, why: "failed", detail: messageOf(error) });
    }
  }
  return results;
}

/** Sequential requests: whole answers (latency) or the first data: byte of streams (ttfb). */
async function measureC1(target: RunningTarget, env: PhaseEnv, mode: "latency" | "ttfb") {
  const { profile } = env;
  const args =
    mode === "latency"
      ? { count: profile.latencySamples, warmup: profile.latencyWarmup }
      : {
          count: profile.ttfbSamples,
          warmup: profile.ttfbWarmup,
          chunks: profile.ttfbChunks,
          intervalMs: profile.ttfbIntervalMs,
        };
  const url = `${target.origin}${chatPath}`;
  const result = await runSequential(mode, url, { ...args, token: target.token });
  return { ok: true as const, value: withoutErrors(result) };
}

async function measureStreams(
  target: RunningTarget,
  env: PhaseEnv,
): Promise<Outcome<StreamFigures>> {
  const { profile } = env;
  const peak = watchPeakRss(target.pids);
  let peakRssMiB: number | undefined;
  const result = await runStreams(`${target.origin}${chatPath}`, {
    count: profile.streams,
    chunks: profile.streamChunks,
    intervalMs: streamIntervalMs(profile),
    token: target.token,
  }).finally(() => {
    peakRssMiB = peak.stop();
  });
  progress(`  ${result.intact}/${result.opened} intact in ${Math.round(result.wallMs)} ms`);
  for (const { reason, count } of result.failures) progress(`  ${count} x ${reason}`);
  return { ok: true, value: { ...result, peakRssMiB } };
}
