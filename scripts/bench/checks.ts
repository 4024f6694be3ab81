// Judges a run against llm-proxy's performance targets: PASS, MISS, or N/A when a figure is missing.

import type { Profile } from "./options.ts";
import {
  addedP50Us,
  addedTtfbMs,
  type TargetCheck,
  type TargetFigures,
  type TargetKey,
} from "./results.ts";

const maxAddedP50Us = 150;
const maxAddedTtfbMs = 0.5;
const maxStreamsRssMiB = 64;

export function evaluateTargets(
  targets: Record<TargetKey, TargetFigures>,
  profile: Profile,
): TargetCheck[] {
  return [
    throughputCheck(targets),
    addedLatencyCheck(targets),
    addedTtfbCheck(targets),
    streamsCheck(targets, profile),
  ];
}

// --- internal ---

function throughputCheck(targets: Record<TargetKey, TargetFigures>): TargetCheck {
  const goal = "non-streaming throughput >= nginx's";
  const proxy = targets.proxy.throughput;
  const nginx = targets.nginx.throughput;
  if (!proxy.ok) return notAvailable(goal, `llm-proxy: ${proxy.why}`);
  if (!nginx.ok) return notAvailable(goal, `nginx: ${nginx.why}`);
  const ours = proxy.value.requestsPerSec;
  const theirs = nginx.value.requestsPerSec;
  const detail = `${rate(ours)} vs ${rate(theirs)} req/s (${percentOf(ours, theirs)} of nginx)`;
  const { badStatus, socketErrors } = proxy.value;
  // answers that are errors are cheap: their rate does not count
  if (badStatus + socketErrors > 0) return judged(goal, false, `${detail}, but with errors`);
  return judged(goal, ours >= theirs, detail);
}

function addedLatencyCheck(targets: Record<TargetKey, TargetFigures>): TargetCheck {
  const goal = `added p50 at c=1 < ${maxAddedP50Us} µs`;
  const added = addedP50Us(targets, "proxy");
  if (added === undefined) return notAvailable(goal, "latency not measured");
  return judged(goal, added < maxAddedP50Us, `+${Math.round(added)} µs over direct`);
}

function addedTtfbCheck(targets: Record<TargetKey, TargetFigures>): TargetCheck {
  const goal = `added TTFB < ${maxAddedTtfbMs} ms`;
  const added = addedTtfbMs(targets, "proxy");
  if (added === undefined) return notAvailable(goal, "TTFB not measured");
  return judged(goal, added < maxAddedTtfbMs, `+${added.toFixed(3)} ms over direct`);
}

function streamsCheck(targets: Record<TargetKey, TargetFigures>, profile: Profile): TargetCheck {
  const goal = `${profile.streams} streams intact at peak RSS <= ${maxStreamsRssMiB} MiB`;
  const streams = targets.proxy.streams;
  const memory = targets.proxy.memory;
  if (!streams.ok) return notAvailable(goal, `streams: ${streams.why}`);
  if (!memory.ok) return notAvailable(goal, `RSS: ${memory.why}`);
  const { intact, opened } = streams.value;
  const peak = memory.value.peakMiB;
  const pass = intact === opened && opened === profile.streams && peak <= maxStreamsRssMiB;
  return judged(goal, pass, `${intact}/${opened} intact, peak RSS ${peak.toFixed(1)} MiB`);
}

function judged(goal: string, pass: boolean, detail: string): TargetCheck {
  return { goal, verdict: pass ? "PASS" : "MISS", detail };
}

function notAvailable(goal: string, detail: string): TargetCheck {
  return { goal, verdict: "N/A", detail };
}

function rate(perSec: number): string {
  return Math.round(perSec).toLocaleString("en-US");
}

function percentOf(value: number, base: number): string {
  return `${Math.round((value / base) * 100)}%`;
}
