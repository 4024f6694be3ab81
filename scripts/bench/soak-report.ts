// The soak's figures: its RSS samples against their baseline (the sample at minute 2), a text
// chart of them, and the printed report.

import { mib } from "./figure-rows.ts";
import type { LoadAverage } from "./results.ts";
import type { RateResult, TargetInfo } from "./types.ts";

/** Every second request is a stream of 10 chunks 20 ms apart (about a quarter of a second). */
export const soakStream = { sseEvery: 2, chunks: 10, intervalMs: 20 };

export type RssSample = { atSeconds: number; rssMiB: number };

export type SoakFigures = {
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

/**
 * One line per stretch of the run (at most `rows`): its time, its highest RSS, and where that lies
 * on a scale from -20 % to +20 % of the baseline, with the +-10 % band drawn as dots.
 */
export function renderRssChart(
  samples: readonly RssSample[],
  figures: SoakFigures,
  rows = 20,
): string {
  const end = samples[samples.length - 1]?.atSeconds ?? 0;
  const stretch = Math.max(1, Math.ceil(end / rows));
  const line = (time: string, rss: string, scale: string) =>
    `  ${time.padStart(6)}  ${rss.padStart(10)}  ${scale}`;
  // the labels sit over columns 0, 10, 20, 30 and 40 of the scale
  const lines = [line("time", "RSS", "  -20%    -10%      base      +10%      +20%")];
  for (let start = 0; start < end; start += stretch) {
    const inStretch = samples.filter((s) => s.atSeconds > start && s.atSeconds <= start + stretch);
    if (inStretch.length === 0) continue;
    const highest = Math.max(...inStretch.map((sample) => sample.rssMiB));
    const isBase = inStretch.some((sample) => sample.atSeconds === figures.baselineAtSeconds);
    const mark = toScale((highest / figures.baselineMiB - 1) * 100);
    lines.push(line(clock(start + stretch), mib(highest), mark + (isBase ? "  <- baseline" : "")));
  }
  return lines.join("\n");
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
      `${average(results.loadAverage.atEnd)} at the end (1, 5, 15 min; 2 cores)`,
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

/** 41 columns of one percent each, -20 % to +20 %; "<" or ">" when off the scale. */
function toScale(percent: number): string {
  const columns: string[] = Array.from({ length: 41 }, (_, i) =>
    i === 20 ? "|" : i === 10 || i === 30 ? ":" : " ",
  );
  for (let i = 11; i < 30; i++) if (columns[i] === " ") columns[i] = ".";
  const at = Math.round(percent) + 20;
  if (at < 0) columns[0] = "<";
  else if (at > 40) columns[40] = ">";
  else columns[at] = "*";
  return `  ${columns.join("")}`.trimEnd();
}
