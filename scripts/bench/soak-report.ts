// The soak's figures: its RSS samples against their baseline (the sample at minute 2), a text
// chart of them, and the printed report.

import { mib } from "./figure-rows.ts";
import { describeMachine, type MachineLoad } from "./machine-load.ts";
import type { LoadAverage } from "./results.ts";
import type { RateResult, TargetInfo } from "./types.ts";

/** Every second request is a stream of 10 chunks 20 ms apart (about a quarter of a second). */
export const soakStream = { sseEvery: 2, chunks: 10, intervalMs: 20 };

export type RssSample = { atSeconds: number; rssMiB: number };

type SoakFigures = {
  baselineAtSeconds: number;
  baselineMiB: number;
  /** The sample furthest from the baseline, from the baseline on: in percent, with its sign. */
  maxDeviationPercent: number;
  maxDeviationAtSeconds: number;
  peakMiB: number;
  lastMiB: number;
};

export type SoakResults = {
  startedAt: string;
  finishedAt: string;
  loadAverage: { atStart: LoadAverage | undefined; atEnd: LoadAverage | undefined };
  machine: MachineLoad | undefined;
  target: TargetInfo;
  rate: number;
  seconds: number;
  baselineSeconds: number;
  goalPercent: number;
  verdict: "PASS" | "MISS";
  figures: SoakFigures;
  load: RateResult;
  samples: RssSample[];
};

/** undefined when no sample was taken at or after `baselineSeconds`. */
export function analyzeSoak(
  samples: readonly RssSample[],
  baselineSeconds: number,
): SoakFigures | undefined {
  const from = samples.findIndex((sample) => sample.atSeconds >= baselineSeconds);
  const baseline = samples[from];
  const last = samples[samples.length - 1];
  if (baseline === undefined || last === undefined) return undefined;
  let furthest = baseline;
  for (const sample of samples.slice(from)) {
    if (Math.abs(sample.rssMiB - baseline.rssMiB) > Math.abs(furthest.rssMiB - baseline.rssMiB)) {
      furthest = sample;
    }
  }
  return {
    baselineAtSeconds: baseline.atSeconds,
    baselineMiB: baseline.rssMiB,
    maxDeviationPercent: (furthest.rssMiB / baseline.rssMiB - 1) * 100,
    maxDeviationAtSeconds: furthest.atSeconds,
    peakMiB: Math.max(...samples.map((sample) => sample.rssMiB)),
    lastMiB: last.rssMiB,
  };
}

export function renderSoakReport(results: SoakResults): string {
  const { figures: f, load } = results;
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  const percent = (value: number) => `${value >= 0 ? "+" : ""}${value.toFixed(1)} %`;
  const average = (value: LoadAverage | undefined) => value?.join(" ") ?? "?";
  return [
    `soak: ${results.rate} req/s for ${clock(results.seconds)} through ${results.target.label}:`,
    `  ${results.target.about}; 1 in ${soakStream.sseEvery} requests a stream of` +
      ` ${soakStream.chunks} chunks ${soakStream.intervalMs} ms apart`,
    `load average ${average(results.loadAverage.atStart)} before, ` +
      `${average(results.loadAverage.atEnd)} at the end (1, 5, 15 min); ${describeMachine(results.machine)}`,
    `requests: ${load.sent} sent, ${load.ok} ok, ${load.failed} failed, ${load.skipped} not sent` +
      ` (gateway behind); ${(load.sent / load.seconds).toFixed(0)} req/s achieved`,
    `  JSON p50 ${ms(load.json.p50)}, p99 ${ms(load.json.p99)};` +
      ` SSE p50 ${ms(load.sse.p50)}, p99 ${ms(load.sse.p99)}`,
    ...load.failures.map(({ reason, count }) => `  ${count} x ${reason}`),
    `RSS baseline ${mib(f.baselineMiB)} at ${clock(f.baselineAtSeconds)};` +
      ` max deviation ${percent(f.maxDeviationPercent)} at ${clock(f.maxDeviationAtSeconds)};` +
      ` peak ${mib(f.peakMiB)}, last ${mib(f.lastMiB)}`,
    renderRssChart(results.samples, f),
    `${results.verdict}  RSS within ±${results.goalPercent} % of the baseline, no failed requests`,
  ].join("\n");
}

export function clock(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

// --- internal ---

/**
 * One line per stretch of the run (at most `rows`): its end, its lowest and highest RSS, and that
 * range on a scale from -20 % to +20 % of the baseline, the +-10 % band drawn as dots.
 */
function renderRssChart(samples: readonly RssSample[], figures: SoakFigures, rows = 20): string {
  const end = samples[samples.length - 1]?.atSeconds ?? 0;
  const stretch = Math.max(1, Math.ceil(end / rows));
  const line = (time: string, rss: string, scale: string) =>
    `  ${time.padStart(6)}  ${rss.padStart(15)}  ${scale}`;
  // the labels sit over columns 0, 10, 20, 30 and 40 of the scale
  const lines = [line("time", "RSS (MiB)", "  -20%    -10%      base      +10%      +20%")];
  const toPercent = (rss: number) => (rss / figures.baselineMiB - 1) * 100;
  for (let start = 0; start < end; start += stretch) {
    const values = samples
      .filter((s) => s.atSeconds > start && s.atSeconds <= start + stretch)
      .map((sample) => sample.rssMiB);
    if (values.length === 0) continue;
    const [low, high] = [Math.min(...values), Math.max(...values)];
    const isBase =
      figures.baselineAtSeconds > start && figures.baselineAtSeconds <= start + stretch;
    const scale = toScale(toPercent(low), toPercent(high)) + (isBase ? "  <- baseline" : "");
    lines.push(line(clock(start + stretch), `${low.toFixed(1)}-${high.toFixed(1)}`, scale));
  }
  return lines.join("\n");
}

/** 41 columns of one percent each, -20 % to +20 %: "*" at both ends of the range, "=" between. */
function toScale(lowPercent: number, highPercent: number): string {
  const columns: string[] = Array.from({ length: 41 }, (_, i) =>
    i === 20 ? "|" : i === 10 || i === 30 ? ":" : i > 10 && i < 30 ? "." : " ",
  );
  const column = (percent: number) => Math.min(40, Math.max(0, Math.round(percent) + 20));
  const [from, to] = [column(lowPercent), column(highPercent)];
  for (let i = from + 1; i < to; i++) columns[i] = "=";
  columns[from] = lowPercent < -20 ? "<" : "*";
  columns[to] = highPercent > 20 ? ">" : "*";
  return `  ${columns.join("")}`.trimEnd();
}
