// Judges a run against the targets of issue 13, all taken to bun-bare in the same run: PASS,
// MISS, or N/A when a figure is missing. Each verdict also says how bun-stream and bun-features
// fare by the same measure: what Bun allows a gateway that sees every chunk, and one that does
// the shipped features.

import { type FigureRow, figureRows, rowValue } from "./figure-rows.ts";
import { leanKey, shippedKey } from "./proxy-configs.ts";
import { directKey, featuresKey, floorKey, streamFloorKey } from "./targets.ts";
import type { LoadFigures, MeasuredTarget, Outcome, Profile, TargetCheck } from "./types.ts";

export function evaluateTargets(
  targets: readonly MeasuredTarget[],
  profile: Profile,
): TargetCheck[] {
  const rows = new Map(figureRows(profile).map((row) => [row.key, row]));
  const judge = (key: string, rowKey: string, rule: Rule): TargetCheck => {
    const row = rows.get(rowKey);
    if (row === undefined) throw new Error(`no figure row ${rowKey}`);
    return judgeRow(targets, key, row, rule);
  };
  return [
    judge(shippedKey, "s1_rps", { atLeast: 0.5 }),
    judge(shippedKey, "s2_rps", { atLeast: 0.5 }),
    judge(shippedKey, "s1_cpu_us", { atMost: 2 }),
    judge(shippedKey, "s1_added_p50_c1_us", { plusAtMost: 60, unit: "µs" }),
    judge(shippedKey, "s4_mib_per_s", { atLeast: 0.5 }),
    judge(shippedKey, "ttft_overhead_ms", { plusAtMost: 0.3, unit: "ms" }),
    streamsCheck(targets, rows.get("s3_peak_rss_mib"), profile),
    judge(leanKey, "s1_rps", { atLeast: 0.9 }),
    judge(leanKey, "s2_rps", { atLeast: 0.9 }),
    judge(leanKey, "s4_mib_per_s", { atLeast: 0.9 }),
  ];
}

// --- internal ---

/** A ratio to bun-bare's figure, or a bound of bun-bare's figure plus a margin. */
type Rule = { atLeast: number } | { atMost: number } | { plusAtMost: number; unit: string };

function judgeRow(
  targets: readonly MeasuredTarget[],
  key: string,
  row: FigureRow,
  rule: Rule,
): TargetCheck {
  const label = targets.find((t) => t.key === key)?.label ?? key;
  const subject = `${label}: ${row.label.replace(/ \(vs direct\)$/, "")}`;
  const goal =
    "plusAtMost" in rule
      ? `${subject} ≤ bun-bare + ${rule.plusAtMost} ${rule.unit}`
      : `${subject} ${"atLeast" in rule ? "≥" : "≤"} ${"atLeast" in rule ? rule.atLeast : rule.atMost}× bun-bare`;
  const ours = rowValue(row, targets, key, directKey);
  const floor = rowValue(row, targets, floorKey, directKey);
  if (ours === undefined) return { goal, verdict: "N/A", detail: `${label}: not measured` };
  if (floor === undefined) return { goal, verdict: "N/A", detail: "bun-bare: not measured" };
  const figures = `${row.format(ours)} vs ${row.format(floor)}`;
  const errors = loadErrors(targets, key, row);
  const measure = (value: number) =>
    "plusAtMost" in rule
      ? `${row.format(value - floor)} over bun-bare`
      : `${(value / floor).toFixed(2)}×`;
  const reach = reachOf(targets, (target) => rowValue(row, targets, target, directKey), measure);
  if ("plusAtMost" in rule) {
    return judged(goal, ours - floor <= rule.plusAtMost, `${figures} (${measure(ours)})`, reach);
  }
  const ratio = ours / floor;
  const pass = "atLeast" in rule ? ratio >= rule.atLeast : ratio <= rule.atMost;
  const detail = `${figures} (${measure(ours)})${errors ? `, but ${errors}` : ""}`;
  return judged(goal, pass && errors === undefined, detail, reach);
}

/** "bun-stream 0.72×, bun-features 0.37×": the same measure for the targets that say what Bun allows. */
function reachOf(
  targets: readonly MeasuredTarget[],
  figureOf: (key: string) => number | undefined,
  measure: (value: number) => string,
): string | undefined {
  const parts = [streamFloorKey, featuresKey].flatMap((key) => {
    const value = figureOf(key);
    const label = targets.find((t) => t.key === key)?.label;
    return value === undefined || label === undefined ? [] : [`${label} ${measure(value)}`];
  });
  return parts.length > 0 ? parts.join(", ") : undefined;
}

function streamsCheck(
  targets: readonly MeasuredTarget[],
  peakRow: FigureRow | undefined,
  profile: Profile,
): TargetCheck {
  const goal = `llm-proxy: S3 ${profile.streams}/${profile.streams} intact, peak RSS ≤ 2× bun-bare`;
  const streams = targets.find((t) => t.key === shippedKey)?.figures.s3;
  if (streams === undefined || !streams.ok || peakRow === undefined) {
    return { goal, verdict: "N/A", detail: "streams not measured" };
  }
  const { intact, opened } = streams.value;
  const ours = rowValue(peakRow, targets, shippedKey, directKey);
  const floor = rowValue(peakRow, targets, floorKey, directKey);
  if (ours === undefined || floor === undefined) {
    return { goal, verdict: "N/A", detail: `${intact}/${opened} intact; RSS not measured` };
  }
  const pass = intact === profile.streams && opened === profile.streams && ours <= 2 * floor;
  const detail = `${intact}/${opened} intact, ${peakRow.format(ours)} vs ${peakRow.format(floor)} (${(ours / floor).toFixed(2)}×)`;
  const reach = reachOf(
    targets,
    (key) => rowValue(peakRow, targets, key, directKey),
    (value) => `${peakRow.format(value)} (${(value / floor).toFixed(2)}×)`,
  );
  return judged(goal, pass, detail, reach);
}

/** Answers that are errors are cheap: a rate with errors does not count. */
function loadErrors(targets: readonly MeasuredTarget[], key: string, row: FigureRow) {
  const figures = targets.find((t) => t.key === key)?.figures;
  const phase = row.phase;
  if (figures === undefined || (phase !== "s1" && phase !== "s2" && phase !== "s4")) return;
  const load: Outcome<LoadFigures> = figures[phase];
  if (!load.ok || load.value.badStatus + load.value.socketErrors === 0) return;
  return `wrk saw ${load.value.badStatus} non-2xx and ${load.value.socketErrors} socket errors`;
}

function judged(goal: string, pass: boolean, detail: string, reach?: string): TargetCheck {
  const verdict = pass ? "PASS" : "MISS";
  return reach === undefined ? { goal, verdict, detail } : { goal, verdict, detail, reach };
}
