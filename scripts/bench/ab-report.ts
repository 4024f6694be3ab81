// The printed section of an A/B comparison: both sides' figures side by side, the difference, and
// each round's figures so the reader can judge the noise.

import type { AbComparison, AbSideFigures } from "./ab-compare.ts";
import type { Side } from "./ab-rounds.ts";
import { alignColumns } from "./columns.ts";
import { count, micros, millis, signed } from "./format.ts";
import type { Outcome, Profile, WrkFigures } from "./types.ts";

export type AbReportSpec = {
  title: string;
  /** Lines between the title and the description of the rounds. */
  setup?: readonly string[];
  /** The sides' column headers, e.g. "auth none". */
  columns: Record<Side, string>;
  /** The sides' names in the rounds lines, e.g. "none". */
  names: Record<Side, string>;
  /** What b adds, the summary line's subject, e.g. "tokens". */
  subject: string;
  /** Rows after the c=1 rows: a label, a cell per side, and the difference. */
  extraRows?: readonly (readonly string[])[];
};

export function renderAbComparison(
  spec: AbReportSpec,
  outcome: Outcome<AbComparison>,
  profile: Profile,
): string {
  if (!outcome.ok) return `${spec.title}: n/a (${outcome.detail ?? outcome.why})`;
  const figures = outcome.value;
  const { a, b } = figures;
  const change =
    figures.throughputChangePercent === undefined
      ? "n/a"
      : `${signed(figures.throughputChangePercent, 1)}%`;
  const addedP50 = `${signed(Math.round(figures.addedP50AtC1Us))} µs`;
  const starred = [a, b].some((side) => hasErrors(side.throughput));
  return [
    spec.title,
    ...(spec.setup ?? []),
    "two llm-proxy servers on one mock (config files, log level warn), measured in alternating",
    `rounds: wrk ABBA, ${figures.wrkRoundSeconds} s each; c=1 ABBA BAAB,` +
      ` ${figures.latencyRoundRequests} requests each; figures are medians of a mode's rounds`,
    alignColumns([
      ["", spec.columns.a, spec.columns.b, "difference"],
      ...tableRows(figures, profile, change),
      ...(spec.extraRows ?? []),
    ]),
    `${spec.subject} add ${addedP50} at c=1 (p50) and change throughput by ${change}`,
    ...(a.throughput.ok && b.throughput.ok
      ? [`  rounds, requests/s: ${spec.names.a} ${roundRates(a)}; ${spec.names.b} ${roundRates(b)}`]
      : []),
    `  rounds, p50 at c=1: ${spec.names.a} ${roundP50s(a)}; ${spec.names.b} ${roundP50s(b)}`,
    ...(starred ? ["  * wrk saw non-2xx answers or socket errors"] : []),
    ...[a, b].flatMap((side) =>
      side.throughput.ok ? [] : [`  wrk: ${side.throughput.detail ?? side.throughput.why}`],
    ),
    ...(["a", "b"] as const).flatMap((side) => {
      const problems = figures[side].proxyLogProblems;
      return problems ? [`  ${spec.columns[side]}: ${problems}`] : [];
    }),
  ].join("\n");
}

// --- internal ---

/** wrk at c=64 (when it ran), then sequential latency at c=1. */
function tableRows(figures: AbComparison, profile: Profile, change: string): string[][] {
  const { a, b } = figures;
  const c = profile.wrkConnections;
  const wrkRow = (label: string, cell: (w: WrkFigures) => string, difference: string) => [
    label,
    wrkCell(a, cell),
    wrkCell(b, cell),
    difference,
  ];
  const wrkDifference = (figure: (w: WrkFigures) => number) =>
    a.throughput.ok && b.throughput.ok
      ? `${signed(figure(b.throughput.value) - figure(a.throughput.value), 2)} ms`
      : "n/a";
  const addedP99 = b.latency.p99Us - a.latency.p99Us;
  return [
    wrkRow(
      `requests/s (c=${c})`,
      (w) => `${count(w.requestsPerSec)}${w.badStatus + w.socketErrors > 0 ? "*" : ""}`,
      change,
    ),
    wrkRow(
      `p50 (c=${c})`,
      (w) => millis(w.p50Ms),
      wrkDifference((w) => w.p50Ms),
    ),
    wrkRow(
      `p99 (c=${c})`,
      (w) => millis(w.p99Ms),
      wrkDifference((w) => w.p99Ms),
    ),
    [
      "p50 at c=1",
      micros(a.latency.p50Us),
      micros(b.latency.p50Us),
      `${signed(Math.round(figures.addedP50AtC1Us))} µs`,
    ],
    [
      "p99 at c=1",
      micros(a.latency.p99Us),
      micros(b.latency.p99Us),
      `${signed(Math.round(addedP99))} µs`,
    ],
  ];
}

/** Each wrk round's rate, so the spread between rounds shows how much of a difference is noise. */
function roundRates(side: AbSideFigures): string {
  return side.rounds.throughput.map((round) => count(round.requestsPerSec)).join(", ");
}

/** Each round's p50, so the spread between rounds shows how much of a difference is noise. */
function roundP50s(side: AbSideFigures): string {
  return side.rounds.latency.map((round) => micros(round.samples.p50)).join(", ");
}

function wrkCell(side: AbSideFigures, cell: (w: WrkFigures) => string): string {
  return side.throughput.ok ? cell(side.throughput.value) : `n/a (${side.throughput.why})`;
}

function hasErrors(throughput: Outcome<WrkFigures>): boolean {
  return throughput.ok && throughput.value.badStatus + throughput.value.socketErrors > 0;
}
