// The printed sections of the scenarios: failover under load, token check overhead and tracing
// cost.

import type { AbComparison, AbDifference, AbRoundSizes, AbSideFigures } from "./ab-compare.ts";
import { type AbReportSpec, renderAbComparison } from "./ab-report.ts";
import type { Side } from "./ab-rounds.ts";
import type { CacheHitFigures } from "./cache-hit.ts";
import { alignColumns } from "./columns.ts";
import type { FailoverFigures, SideFigures } from "./failover-figures.ts";
import { count, millis, percent } from "./format.ts";
import type { ScenarioResults } from "./results.ts";
import { renderScaleOut } from "./scale-out.ts";
import { cacheSetup, failoverSetup, tracingSetup } from "./scenario-configs.ts";
import type { TokenCheckFigures } from "./token-check.ts";
import type { TracingCostFigures } from "./tracing-cost.ts";
import type { Outcome, Profile } from "./types.ts";

export function renderScenarios(scenarios: ScenarioResults, profile: Profile): string {
  return [
    renderFailover(scenarios.failover),
    "",
    renderTokenCheck(scenarios.tokenCheck, profile),
    "",
    renderTracingCost(scenarios.tracingCost, profile),
    "",
    renderCacheHit(scenarios.cacheHit, profile),
    "",
    renderScaleOut(scenarios.scaleOut),
  ].join("\n");
}

// --- internal ---

function renderFailover(outcome: Outcome<FailoverFigures>): string {
  const title = "failover under load (3 providers, one fails midway)";
  if (!outcome.ok) return `${title}: n/a (${outcome.detail ?? outcome.why})`;
  const f = outcome.value;
  const sides = [f.before, f.after];
  const row = (label: string, cell: (side: SideFigures) => string) => [label, ...sides.map(cell)];
  const providers = [...new Set(sides.flatMap((side) => Object.keys(side.servedBy)))].sort();
  const first = f.firstSecond;
  return [
    title,
    `llm-proxy ${failoverSetup};`,
    `${f.workers} workers of sequential requests for ${f.seconds} s;` +
      ` mock 2 SIGKILLed at ${f.killedAtSecond.toFixed(2)} s`,
    alignColumns([
      ["", "before kill", "after kill"],
      row("requests", (s) => count(s.requests)),
      row("requests/s", (s) => count(s.requestsPerSec)),
      row("success (status 200)", (s) => percent(s.successPercent)),
      row("p50", (s) => millis(s.p50Ms)),
      row("p99", (s) => millis(s.p99Ms)),
      row("max", (s) => millis(s.maxMs)),
      row("retried (> 1 attempt)", (s) => count(s.retried)),
      row(`served by ${providers.join(" / ")}`, (s) => shares(s, providers)),
    ]),
    `first 1 s after the kill: max latency ${millis(first.maxMs)} over` +
      ` ${count(first.requests)} requests, ${count(first.failed)} failed`,
    "  before: finished before the kill; after: in flight at the kill or started after it",
    ...f.failures.map(({ reason, count: times }) => `  ${times} x ${reason}`),
    ...(f.proxyLogProblems ? [`  ${f.proxyLogProblems}`] : []),
  ].join("\n");
}

function renderTokenCheck(outcome: Outcome<TokenCheckFigures>, profile: Profile): string {
  const spec: AbReportSpec = {
    title: "token check overhead (auth.mode none vs tokens)",
    columns: { a: "auth none", b: "auth tokens" },
    names: { a: "none", b: "tokens" },
    subject: "tokens",
  };
  return renderAbComparison(
    spec,
    withSides(outcome, (f) => ({ a: f.none, b: f.tokens })),
    profile,
  );
}

function renderTracingCost(outcome: Outcome<TracingCostFigures>, profile: Profile): string {
  const spec: AbReportSpec = {
    title: "tracing cost (traces off vs on)",
    setup: [`traces on: ${tracingSetup}; traces are written off the hot path`],
    columns: { a: "traces off", b: "traces on" },
    names: { a: "off", b: "on" },
    subject: "traces",
    extraRows: outcome.ok ? [["traces written", "-", count(outcome.value.tracesWritten), ""]] : [],
  };
  return renderAbComparison(
    spec,
    withSides(outcome, (f) => ({ a: f.off, b: f.on })),
    profile,
  );
}

function renderCacheHit(outcome: Outcome<CacheHitFigures>, profile: Profile): string {
  const spec: AbReportSpec = {
    title: "response cache (miss vs hit)",
    setup: [
      `${cacheSetup}; the miss side sends x-llm-proxy-cache-ttl: 0 (look up, miss, go upstream,`,
      "store nothing); the hit side repeats one request, answered from the cache",
    ],
    columns: { a: "cache miss", b: "cache hit" },
    names: { a: "miss", b: "hit" },
    subject: "hits",
    extraRows: outcome.ok
      ? [
          [
            "hits / misses counted",
            `${count(outcome.value.counts.miss.hit)} / ${count(outcome.value.counts.miss.miss)}`,
            `${count(outcome.value.counts.hit.hit)} / ${count(outcome.value.counts.hit.miss)}`,
            "",
          ],
        ]
      : [],
  };
  return renderAbComparison(
    spec,
    withSides(outcome, (f) => ({ a: f.miss, b: f.hit })),
    profile,
  );
}

/** A scenario's named sides as the a and b of its comparison. */
function withSides<T extends AbRoundSizes & AbDifference>(
  outcome: Outcome<T>,
  sides: (figures: T) => Record<Side, AbSideFigures>,
): Outcome<AbComparison> {
  return outcome.ok ? { ok: true, value: { ...outcome.value, ...sides(outcome.value) } } : outcome;
}

/** Each provider's share of the side's answered requests, e.g. "33% / 33% / 33%". */
function shares(side: SideFigures, providers: readonly string[]): string {
  const served = providers.reduce((sum, name) => sum + (side.servedBy[name] ?? 0), 0);
  if (served === 0) return "-";
  return providers
    .map((name) => `${Math.round(((side.servedBy[name] ?? 0) / served) * 100)}%`)
    .join(" / ");
}
