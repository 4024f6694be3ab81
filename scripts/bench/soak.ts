// `bun run bench --soak`: a steady 500 req/s of mixed JSON and SSE through llm-proxy with the
// shipped defaults, its RSS sampled every few seconds and judged against the sample at minute 2.

import { chatPath } from "./chat-request.ts";
import { stopAll, usePinning } from "./children.ts";
import { watchMachineLoad } from "./machine-load.ts";
import { type RunningMock, startMock } from "./mock.ts";
import type { SoakOptions } from "./options.ts";
import { clockTicksPerSecond, rssMiB } from "./proc.ts";
import { progress } from "./progress.ts";
import { shippedKey } from "./proxy-configs.ts";
import { readLoadAverage, writeResults } from "./results.ts";
import { runRateClient } from "./run-client.ts";
import { startTarget } from "./setup.ts";
import {
  analyzeSoak,
  clock,
  type RssSample,
  renderSoakReport,
  type SoakResults,
  soakStream,
} from "./soak-report.ts";
import { targets } from "./targets.ts";
import { findTool } from "./tools.ts";
import type { RunningTarget, TargetInfo } from "./types.ts";

const rate = 500;
const goalPercent = 10;

export async function runSoak(options: SoakOptions, dir: string): Promise<void> {
  const startedAt = new Date().toISOString();
  const loadAtStart = await readLoadAverage();
  const cpu = watchMachineLoad();
  usePinning(findTool("taskset"));
  const target = await startShipped(await startMock(dir), dir);
  const seconds = Math.max(1, Math.round(options.minutes * 60));
  // minute 2, or a fifth of a shorter run: start-up and warm-up are behind it either way
  const baselineSeconds = Math.min(120, seconds / 5);
  const everySeconds = Math.min(5, Math.max(1, seconds / 120));
  progress(`soak: ${rate} req/s for ${clock(seconds)}, RSS every ${everySeconds} s`);
  const samples = sampleRss(target.pids, everySeconds);
  const url = `${target.origin}${chatPath}`;
  const args = { count: 0, rate, seconds, ...soakStream, token: target.token };
  const load = await runRateClient(url, args).finally(() => samples.stop());
  const figures = analyzeSoak(samples.taken, baselineSeconds);
  if (figures === undefined) throw new Error("soak: no RSS sample at or after the baseline");
  const pass = Math.abs(figures.maxDeviationPercent) <= goalPercent && load.failed === 0;
  await stopAll(); // every child reaped, so that its CPU time counts as the bench's
  const results: SoakResults = {
    startedAt,
    finishedAt: new Date().toISOString(),
    loadAverage: { atStart: loadAtStart, atEnd: await readLoadAverage() },
    machine: cpu.stop(await clockTicksPerSecond()),
    target: { key: target.key, label: target.label, about: target.about },
    ...{ rate, seconds, baselineSeconds, goalPercent, verdict: pass ? "PASS" : "MISS" },
    ...{ figures, load, samples: samples.taken },
  };
  console.log(`\n${renderSoakReport(results)}\n`);
  progress(`results written to ${await writeResults(results, "soak.json")}`);
}

// --- internal ---

/** The shipped-defaults entry of the target list, started and checked like in the main run. */
async function startShipped(mock: RunningMock, dir: string): Promise<TargetInfo & RunningTarget> {
  const spec = targets.find((t) => t.key === shippedKey);
  if (spec === undefined) throw new Error(`no target ${shippedKey}`);
  const nginx = { ok: false as const, why: "not used", detail: "the soak runs without nginx" };
  const { running, key, label, about } = await startTarget(spec, { mock, dir, nginx });
  if (!running.ok) throw new Error(`${label}: ${running.detail ?? running.why}`);
  return { key, label, about, ...running.value };
}

/** VmRSS every `everySeconds`, and a progress line each minute. */
function sampleRss(pids: readonly number[], everySeconds: number) {
  const taken: RssSample[] = [];
  const start = performance.now();
  let minute = 0;
  const timer = setInterval(() => {
    const atSeconds = Math.round((performance.now() - start) / 100) / 10;
    const rss = rssMiB(pids);
    if (rss !== undefined) taken.push({ atSeconds, rssMiB: rss });
    if (Math.floor(atSeconds / 60) > minute) {
      minute = Math.floor(atSeconds / 60);
      progress(`soak ${clock(atSeconds)}: RSS ${rss?.toFixed(1) ?? "?"} MiB`);
    }
  }, everySeconds * 1000);
  return { taken, stop: () => clearInterval(timer) };
}
