// Renders the main table (one column per target, each figure with its ratio to bun-bare) and the
// targets section.

import { alignColumns } from "./columns.ts";
import { type FigureRow, figureRows, rowValue } from "./figure-rows.ts";
import { directKey, floorKey } from "./targets.ts";
import type { MeasuredTarget, Outcome, Profile, TargetCheck } from "./types.ts";

const maxWhy = 16;

export function renderTable(targets: readonly MeasuredTarget[], profile: Profile): string {
  const header = ["", ...targets.map((target) => target.label)];
  const body = figureRows(profile).map((row) => [
    row.label,
    ...targets.map((target) => cell(row, targets, target)),
  ]);
  return alignColumns([header, ...body]);
}

export function renderChecks(checks: readonly TargetCheck[]): string {
  return checks
    .map((check) => {
      const reach = check.reach === undefined ? "" : `\n        in Bun: ${check.reach}`;
      return `  ${check.verdict.padEnd(4)}  ${check.goal}\n        ${check.detail}${reach}`;
    })
    .join("\n");
}

// --- internal ---

function cell(row: FigureRow, targets: readonly MeasuredTarget[], target: MeasuredTarget): string {
  if (row.vsDirect && target.key === directKey) return "-";
  const value = rowValue(row, targets, target.key, directKey);
  if (value === undefined) return missing(row, target);
  const star = hasLoadErrors(row, target) ? "*" : "";
  const floor = rowValue(row, targets, floorKey, directKey);
  if (!row.ratio || target.key === floorKey || floor === undefined || floor === 0) {
    return `${row.format(value)}${star}`;
  }
  return `${row.format(value)}${star} (${(value / floor).toFixed(2)}×)`;
}

/** Cells stay narrow; the full reason is among the notes under the table. */
function missing(row: FigureRow, target: MeasuredTarget): string {
  const outcome: Outcome<unknown> | undefined =
    row.phase === undefined ? undefined : target.figures[row.phase];
  const why = outcome === undefined || outcome.ok ? "-" : outcome.why;
  return `n/a (${why.length > maxWhy ? `${why.slice(0, maxWhy - 1)}…` : why})`;
}

function hasLoadErrors(row: FigureRow, target: MeasuredTarget): boolean {
  if (row.phase !== "s1" && row.phase !== "s2" && row.phase !== "s4") return false;
  const load = target.figures[row.phase];
  return load.ok && load.value.badStatus + load.value.socketErrors > 0;
}
