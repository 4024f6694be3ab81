// The printed report: what was run and on how loaded a machine, the targets, the table, the
// verdicts, notes that explain odd cells, and the scenarios.

import { logFileProblems } from "./log-problems.ts";
import { describeMachine } from "./machine-load.ts";
import { streamIntervalMs } from "./options.ts";
import type { BenchResults, LoadAverage } from "./results.ts";
import { renderScenarios } from "./scenario-report.ts";
import { renderChecks, renderTable } from "./table.ts";
import type { MeasuredTarget, StartedTarget } from "./types.ts";

export function renderReport(results: BenchResults): string {
  return [
    describeRun(results),
    ...results.targets.map((target) => `  ${target.label.padEnd(15)} ${target.about}`),
    "",
    renderTable(results.targets, results.profile),
    "",
    "targets (issue 13), same run as bun-bare",
    renderChecks(results.checks),
    ...(results.notes.length > 0
      ? ["", "notes", ...results.notes.map((note) => `  - ${note}`)]
      : []),
    "",
    renderScenarios(results.scenarios, results.profile),
  ].join("\n");
}

/** Why cells are n/a or starred, and what each gateway logged that it should not have. */
export async function collectNotes(
  started: readonly StartedTarget[],
  measured: readonly MeasuredTarget[],
  pinned: boolean,
): Promise<string[]> {
  const notes: string[] = [];
  if (!pinned) notes.push("taskset missing: servers and load generators ran unpinned");
  for (const target of measured) {
    // one note per reason: a missing nginx would otherwise be noted once per row
    const reasons = new Set<string>();
    for (const outcome of Object.values(target.figures)) {
      if (!outcome.ok) reasons.add(outcome.detail ?? outcome.why);
    }
    for (const reason of reasons) notes.push(`${target.label}: ${reason}`);
    for (const phase of ["s1", "s2", "s4"] as const) {
      const load = target.figures[phase];
      if (!load.ok || load.value.badStatus + load.value.socketErrors === 0) continue;
      const { badStatus, socketErrors, socketErrorLine } = load.value;
      const kinds = socketErrorLine === undefined ? "" : ` (${socketErrorLine})`;
      notes.push(
        `* ${target.label} ${phase}: wrk saw ${badStatus} non-2xx, ${socketErrors} socket errors${kinds}`,
      );
    }
  }
  for (const target of started) {
    const logPath = target.running.ok ? target.running.value.logPath : undefined;
    const problems = logPath === undefined ? undefined : await logFileProblems(logPath);
    if (problems !== undefined) notes.push(`${target.label} ${problems}`);
  }
  return notes;
}

// --- internal ---

function describeRun(results: BenchResults): string {
  const p = results.profile;
  const pinning = results.pinned
    ? "gateways pinned to core 0, load and mock to core 1"
    : "unpinned";
  const load = (average: LoadAverage | undefined) =>
    average?.map((v) => v.toFixed(2)).join(" ") ?? "?";
  return [
    `llm-proxy bench (${p.name}), ${results.startedAt}: ${results.proxyCommand}; ${pinning}`,
    `load average ${load(results.loadAverage.atStart)} before the run,` +
      ` ${load(results.loadAverage.atEnd)} at its end (1, 5, 15 min); ${describeMachine(results.machine)}`,
    `wrk ${p.wrkSeconds} s per phase after ${p.wrkWarmupSeconds} s of warm-up,` +
      ` ${p.wrkConnections} connections; c=1: ${p.latencySamples} requests;` +
      ` TTFT: ${p.ttfbSamples} streams (${p.ttfbChunks} chunks ${p.ttfbIntervalMs} ms apart)`,
    `S2: ${p.sseChunks} chunks sent at once; S3: ${p.streamChunks} chunks` +
      ` ${streamIntervalMs(p)} ms apart; the mock memoizes immediate replies (scripts/bench/memo-reply.ts)`,
    "targets:",
  ].join("\n");
}
