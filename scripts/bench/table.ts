// Renders the side-by-side table (direct | nginx | llm-proxy) and the targets section.

import { alignColumns } from "./columns.ts";
import { count, micros, signed } from "./format.ts";
import type { Profile } from "./options.ts";
import {
  addedP50Us,
  addedTtfbMs,
  type Outcome,
  type TargetCheck,
  type TargetFigures,
  type TargetKey,
  targetKeys,
  targetLabels,
} from "./results.ts";

const maxWhy = 24;

type Row = { label: string; cell: (key: TargetKey) => string };
type Targets = Record<TargetKey, TargetFigures>;

export function renderTable(targets: Targets, profile: Profile): string {
  const rows = tableRows(targets, profile);
  const header = ["", ...targetKeys.map((key) => targetLabels[key])];
  const body = rows.map((row) => [row.label, ...targetKeys.map((key) => row.cell(key))]);
  return alignColumns([header, ...body]);
}

export function renderChecks(checks: readonly TargetCheck[]): string {
  const width = Math.max(...checks.map((check) => check.goal.length));
  return checks
    .map((check) => `  ${check.verdict.padEnd(4)}  ${check.goal.padEnd(width)}  ${check.detail}`)
    .join("\n");
}

// --- internal ---

function tableRows(targets: Targets, profile: Profile): Row[] {
  const c = profile.wrkConnections;
  const wrk = (key: TargetKey) => targets[key].throughput;
  const latency = (key: TargetKey) => targets[key].latency;
  const ttfb = (key: TargetKey) => targets[key].ttfb;
  const memory = (key: TargetKey) => targets[key].memory;
  return [
    {
      label: `requests/s (c=${c})`,
      cell: (k) =>
        show(
          wrk(k),
          (w) => `${count(w.requestsPerSec)}${w.badStatus + w.socketErrors > 0 ? "*" : ""}`,
        ),
    },
    { label: `p50 (c=${c})`, cell: (k) => show(wrk(k), (w) => `${w.p50Ms.toFixed(2)} ms`) },
    { label: `p99 (c=${c})`, cell: (k) => show(wrk(k), (w) => `${w.p99Ms.toFixed(2)} ms`) },
    { label: "p50 at c=1", cell: (k) => show(latency(k), (l) => micros(l.samples.p50)) },
    { label: "p99 at c=1", cell: (k) => show(latency(k), (l) => micros(l.samples.p99)) },
    {
      label: "added p50 at c=1",
      cell: (k) => added(k, latency, addedP50Us(targets, k), (v) => `${signed(Math.round(v))} µs`),
    },
    {
      label: "TTFB p50 (stream)",
      cell: (k) => show(ttfb(k), (t) => `${(t.samples.p50 / 1000).toFixed(3)} ms`),
    },
    {
      label: "added TTFB",
      cell: (k) => added(k, ttfb, addedTtfbMs(targets, k), (v) => `${signed(v, 3)} ms`),
    },
    {
      label: `${profile.streams} streams intact`,
      cell: (k) => show(targets[k].streams, (s) => `${s.intact}/${s.opened}`),
    },
    { label: "peak RSS (VmHWM)", cell: (k) => show(memory(k), (m) => mib(m.peakMiB)) },
    {
      label: "RSS during streams",
      cell: (k) =>
        show(memory(k), (m) => (m.phasePeakMiB === undefined ? "-" : mib(m.phasePeakMiB))),
    },
  ];
}

function show<T>(outcome: Outcome<T>, format: (value: T) => string): string {
  return outcome.ok ? format(outcome.value) : na(outcome.why);
}

/** Cells stay narrow; the full reason is among the notes under the table. */
function na(why: string): string {
  const short = why.length > maxWhy ? `${why.slice(0, maxWhy - 1)}…` : why;
  return `n/a (${short})`;
}

/** A difference to direct: "-" in direct's own column, n/a when either side is missing. */
function added(
  key: TargetKey,
  figures: (key: TargetKey) => Outcome<unknown>,
  value: number | undefined,
  format: (value: number) => string,
): string {
  if (key === "direct") return "-";
  if (value !== undefined) return format(value);
  const missing = [figures("direct"), figures(key)].find((outcome) => !outcome.ok);
  return missing !== undefined && !missing.ok ? na(missing.why) : "n/a";
}

function mib(value: number): string {
  return `${value.toFixed(1)} MiB`;
}
