// The printed report: what was run, the table, the targets, notes that explain odd cells, and
// the scenarios.

import type { Profile } from "./options.ts";
import {
  type BenchResults,
  type TargetFigures,
  type TargetKey,
  targetKeys,
  targetLabels,
} from "./results.ts";
import { renderScenarios } from "./scenario-report.ts";
import { renderChecks, renderTable } from "./table.ts";

export function renderReport(results: BenchResults): string {
  return [
    describeRun(results),
    "",
    renderTable(results.targets, results.profile),
    "",
    "targets",
    renderChecks(results.checks),
    ...(results.notes.length > 0
      ? ["", "notes", ...results.notes.map((note) => `  - ${note}`)]
      : []),
    "",
    renderScenarios(results.scenarios, results.profile),
  ].join("\n");
}

/** Why cells are n/a or starred, and what the direct column's memory means. */
export function collectNotes(
  targets: Record<TargetKey, TargetFigures>,
  pinned: boolean,
  proxyLogProblems: string | undefined,
): string[] {
  const notes: string[] = [];
  if (!pinned) notes.push("taskset missing: servers and load generators ran unpinned");
  for (const key of targetKeys) {
    const label = targetLabels[key];
    // one note per reason: a missing nginx would otherwise be noted once per row
    const reasons = new Set<string>();
    for (const outcome of Object.values(targets[key])) {
      if (!outcome.ok) reasons.add(outcome.detail ?? outcome.why);
    }
    for (const reason of reasons) notes.push(`${label}: ${reason}`);
    const wrk = targets[key].throughput;
    if (wrk.ok && wrk.value.badStatus + wrk.value.socketErrors > 0) {
      const { badStatus, socketErrors } = wrk.value;
      notes.push(
        `* ${label}: wrk saw ${badStatus} non-2xx answers and ${socketErrors} socket errors`,
      );
    }
  }
  notes.push("direct's RSS is the mock upstream's, which served all three columns");
  if (proxyLogProblems) notes.push(proxyLogProblems);
  return notes;
}

/** Counts WARN and ERROR lines in the proxy's log; a clean run has none. */
export function summarizeProxyLog(log: string): string | undefined {
  const problems = log.split("\n").filter((line) => / (WARN|ERROR) /.test(line));
  if (problems.length === 0) return undefined;
  return `llm-proxy logged ${problems.length} WARN/ERROR lines, first: ${problems[0]?.trim()}`;
}

// --- internal ---

function describeRun(results: BenchResults): string {
  const p: Profile = results.profile;
  const pinning = results.pinned ? "servers pinned to core 0, load to core 1" : "unpinned";
  return [
    `llm-proxy bench (${p.name}): ${results.proxyCommand}; ${pinning}`,
    `wrk ${p.wrkSeconds} s per target, ${p.wrkConnections} connections, non-streaming;` +
      ` c=1: ${p.latencySamples} requests; TTFB: ${p.ttfbSamples} streams` +
      ` (${p.ttfbChunks} chunks ${p.ttfbIntervalMs} ms apart);` +
      ` ${p.streams} concurrent streams of ${p.streamChunks} chunks ${p.streamIntervalMs} ms apart`,
  ].join("\n");
}
