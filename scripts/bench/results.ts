// What one bench run found, as written to .bench/results.json: every target's figures with their
// ratios to bun-bare, the verdicts, and the scenarios.

import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { CacheHitFigures } from "./cache-hit.ts";
import { repoRoot } from "./children.ts";
import type { FailoverFigures } from "./failover-figures.ts";
import { figureRows, rowValue } from "./figure-rows.ts";
import type { MachineLoad } from "./machine-load.ts";
import type { ScaleOutFigures } from "./scale-out.ts";
import { directKey, floorKey } from "./targets.ts";
import type { TokenCheckFigures } from "./token-check.ts";
import type { TracingCostFigures } from "./tracing-cost.ts";
import type { MeasuredTarget, Outcome, Profile, TargetCheck } from "./types.ts";

/** The scenarios after the main table, each with its own llm-proxy. */
export type ScenarioResults = {
  failover: Outcome<FailoverFigures>;
  tokenCheck: Outcome<TokenCheckFigures>;
  tracingCost: Outcome<TracingCostFigures>;
  cacheHit: Outcome<CacheHitFigures>;
  scaleOut: Outcome<ScaleOutFigures>;
};

/** /proc/loadavg: 1, 5 and 15 minute load averages of the machine. */
export type LoadAverage = [number, number, number];

export type BenchResults = {
  startedAt: string;
  finishedAt: string;
  profile: Profile;
  proxyCommand: string;
  pinned: boolean;
  /** Before anything started (other users' load), and at the end. */
  loadAverage: { atStart: LoadAverage | undefined; atEnd: LoadAverage | undefined };
  /** CPU over the whole run: the machine's, the bench's own (children included), the rest. */
  machine: MachineLoad | undefined;
  targets: (MeasuredTarget & { ratios: Record<string, number | undefined> })[];
  checks: TargetCheck[];
  notes: string[];
  scenarios: ScenarioResults;
};

/** Each figure row's value divided by bun-bare's, where a ratio means something. */
export function withRatios(
  targets: readonly MeasuredTarget[],
  profile: Profile,
): BenchResults["targets"] {
  const rows = figureRows(profile).filter((row) => row.ratio);
  return targets.map((target) => {
    const ratios: Record<string, number | undefined> = {};
    for (const row of rows) {
      const ours = rowValue(row, targets, target.key, directKey);
      const floor = rowValue(row, targets, floorKey, directKey);
      ratios[row.key] = ours === undefined || floor === undefined ? undefined : ours / floor;
    }
    return { ...target, ratios };
  });
}

export async function readLoadAverage(): Promise<LoadAverage | undefined> {
  try {
    const fields = (await Bun.file("/proc/loadavg").text()).split(" ").map(Number);
    const [one = Number.NaN, five = Number.NaN, fifteen = Number.NaN] = fields;
    return [one, five, fifteen];
  } catch {
    return undefined;
  }
}

/** Writes `.bench/<name>` at the repository root and returns its path. */
export async function writeResults(results: unknown, name = "results.json"): Promise<string> {
  const dir = join(repoRoot, ".bench");
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await Bun.write(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}
