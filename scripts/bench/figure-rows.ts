// The rows of the main table, one figure per target each: what the table prints, the ratios to
// bun-bare that results.json keeps, and the figures the targets are judged by.

import { count, micros, millis, signed } from "./format.ts";
import type { MeasuredTarget, PhaseKey, PhaseValues, Profile } from "./types.ts";

export type FigureRow = {
  key: string;
  label: string;
  /** The phase whose outcome says why the figure is missing; none for the start-up figure. */
  phase?: PhaseKey;
  /** `direct` is the direct target, for the figures that are differences to it. */
  value(target: MeasuredTarget, direct: MeasuredTarget | undefined): number | undefined;
  format(value: number): string;
  /** false where a ratio means nothing: a count of intact streams, a difference to direct. */
  ratio: boolean;
  /** A difference to direct: direct's own column shows "-". */
  vsDirect?: boolean;
};

export function figureRows(profile: Profile): FigureRow[] {
  const c = profile.wrkConnections;
  const mb = Math.round(profile.bigBodyBytes / (1024 * 1024));
  const s1 = `S1 small JSON c=${c}`;
  const s2 = `S2 SSE ${profile.sseChunks} chunks c=${c}`;
  const s3 = `S3 ${count(profile.streams)} streams of ${profile.streamSeconds} s`;
  const s4 = `S4 ${mb} MB JSON c=${c}`;
  return [
    phaseRow("s1_rps", `${s1}: req/s`, "s1", count, (v) => v.requestsPerSec),
    phaseRow("s1_cpu_us", "S1 gateway CPU per request", "s1", micros, (v) => v.cpuPerRequestUs),
    phaseRow("s1_p50_c1_us", "S1 p50 at c=1", "latency", micros, (v) => v.samples.p50),
    directRow("s1_added_p50_c1_us", "S1 added p50 at c=1 (vs direct)", "latency", usSigned, p50),
    phaseRow("s2_rps", `${s2}: req/s`, "s2", count, (v) => v.requestsPerSec),
    phaseRow("s2_cpu_us", "S2 gateway CPU per request", "s2", micros, (v) => v.cpuPerRequestUs),
    { ...phaseRow("s3_intact", `${s3}: intact`, "s3", count, (v) => v.intact), ratio: false },
    phaseRow("s3_wall_s", `${s3}: all done after`, "s3", seconds, (v) => v.wallMs / 1000),
    phaseRow("s3_peak_rss_mib", `${s3}: peak RSS`, "s3", mib, (v) => v.peakRssMiB),
    phaseRow("s4_mib_per_s", `${s4}: MiB/s`, "s4", count, (v) => v.mibPerSec),
    phaseRow("s4_cpu_ms", "S4 gateway CPU per answer", "s4", millis, (v) =>
      toMs(v.cpuPerRequestUs),
    ),
    phaseRow("ttft_p50_ms", "TTFT p50 (first data: byte, c=1)", "ttft", ms3, (v) => toMs(p50(v))),
    directRow(
      "ttft_overhead_ms",
      "TTFT overhead (vs direct)",
      "ttft",
      msSigned,
      (v) => p50(v) / 1000,
    ),
    { key: "start_rss_mib", label: "RSS after start", ratio: true, format: mib, value: startRss },
  ];
}

/** The figure of `row` for `key`, with the direct target looked up among `targets`. */
export function rowValue(
  row: FigureRow,
  targets: readonly MeasuredTarget[],
  key: string,
  directKey: string,
): number | undefined {
  const target = targets.find((t) => t.key === key);
  const direct = targets.find((t) => t.key === directKey);
  return target === undefined ? undefined : row.value(target, direct);
}

export function mib(value: number): string {
  return `${value.toFixed(1)} MiB`;
}

// --- internal ---

type FigurePick<K extends PhaseKey> = (value: PhaseValues[K]) => number | undefined;

function phaseRow<K extends PhaseKey>(
  key: string,
  label: string,
  phase: K,
  format: (value: number) => string,
  pick: FigurePick<K>,
): FigureRow {
  return { key, label, phase, format, ratio: true, value: (t) => picked(t, phase, pick) };
}

/** The figure minus direct's: added latency, TTFT overhead. */
function directRow<K extends PhaseKey>(
  key: string,
  label: string,
  phase: K,
  format: (value: number) => string,
  pick: FigurePick<K>,
): FigureRow {
  const value = (t: MeasuredTarget, direct: MeasuredTarget | undefined) => {
    const own = picked(t, phase, pick);
    const base = direct === undefined ? undefined : picked(direct, phase, pick);
    return own === undefined || base === undefined ? undefined : own - base;
  };
  return { key, label, phase, format, ratio: false, vsDirect: true, value };
}

function picked<K extends PhaseKey>(
  target: MeasuredTarget,
  phase: K,
  pick: FigurePick<K>,
): number | undefined {
  const outcome = target.figures[phase];
  return outcome.ok ? pick(outcome.value) : undefined;
}

function p50(result: { samples: { p50: number } }): number {
  return result.samples.p50;
}

function seconds(value: number): string {
  return `${value.toFixed(1)} s`;
}

function usSigned(value: number): string {
  return `${signed(value)} µs`;
}

function msSigned(value: number): string {
  return `${signed(value, 3)} ms`;
}

function ms3(value: number): string {
  return millis(value, 3);
}

function startRss(target: MeasuredTarget): number | undefined {
  return target.startRssMiB;
}

function toMs(us: number | undefined): number | undefined {
  return us === undefined ? undefined : us / 1000;
}
