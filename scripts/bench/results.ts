// The figures a bench run collects per target, the differences to direct, and the JSON file.

import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { CacheHitFigures } from "./cache-hit.ts";
import { repoRoot } from "./children.ts";
import type { FailoverFigures } from "./failover-figures.ts";
import type { Profile } from "./options.ts";
import type { MemoryFigures } from "./rss.ts";
import type { ScaleOutFigures } from "./scale-out.ts";
import type { TokenCheckFigures } from "./token-check.ts";
import type { TracingCostFigures } from "./tracing-cost.ts";
import type { SequentialResult, StreamsResult } from "./types.ts";
import type { WrkFigures } from "./wrk.ts";

export const targetKeys = ["direct", "nginx", "proxy"] as const;
export type TargetKey = (typeof targetKeys)[number];
export const targetLabels: Record<TargetKey, string> = {
  direct: "direct",
  nginx: "nginx",
  proxy: "llm-proxy",
};

/** A figure, or why it is missing: `why` is short enough for a table cell, `detail` says more. */
export type Outcome<T> = { ok: true; value: T } | Missing;
export type Missing = { ok: false; why: string; detail?: string };

export type TargetFigures = {
  throughput: Outcome<WrkFigures>;
  latency: Outcome<SequentialResult>;
  ttfb: Outcome<SequentialResult>;
  streams: Outcome<StreamsResult>;
  memory: Outcome<MemoryFigures>;
};

export type Verdict = "PASS" | "MISS" | "N/A";
export type TargetCheck = { goal: string; verdict: Verdict; detail: string };

/** The scenarios after the main table, each with its own llm-proxy. */
export type ScenarioResults = {
  failover: Outcome<FailoverFigures>;
  tokenCheck: Outcome<TokenCheckFigures>;
  tracingCost: Outcome<TracingCostFigures>;
  cacheHit: Outcome<CacheHitFigures>;
  scaleOut: Outcome<ScaleOutFigures>;
};

export type BenchResults = {
  startedAt: string;
  finishedAt: string;
  profile: Profile;
  proxyCommand: string;
  pinned: boolean;
  notes: string[];
  targets: Record<TargetKey, TargetFigures>;
  added: Record<"nginx" | "proxy", { p50AtC1Us?: number; ttfbP50Ms?: number }>;
  checks: TargetCheck[];
  scenarios: ScenarioResults;
};

export function unavailable(missing: Missing): TargetFigures {
  return {
    throughput: missing,
    latency: missing,
    ttfb: missing,
    streams: missing,
    memory: missing,
  };
}

/** p50 at c=1 above direct's, in microseconds. */
export function addedP50Us(targets: Record<TargetKey, TargetFigures>, key: TargetKey) {
  const direct = targets.direct.latency;
  const other = targets[key].latency;
  if (!direct.ok || !other.ok) return undefined;
  return other.value.samples.p50 - direct.value.samples.p50;
}

/** Streaming TTFB p50 above direct's, in milliseconds. */
export function addedTtfbMs(targets: Record<TargetKey, TargetFigures>, key: TargetKey) {
  const direct = targets.direct.ttfb;
  const other = targets[key].ttfb;
  if (!direct.ok || !other.ok) return undefined;
  return (other.value.samples.p50 - direct.value.samples.p50) / 1000;
}

export async function writeResults(results: BenchResults): Promise<string> {
  const dir = join(repoRoot, ".bench");
  await mkdir(dir, { recursive: true });
  const path = join(dir, "results.json");
  await Bun.write(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}
