// The printed sections of the scenarios: failover under load, and token check overhead.

import { alignColumns } from "./columns.ts";
import type { FailoverFigures, SideFigures } from "./failover-figures.ts";
import { count, micros, millis, percent, signed } from "./format.ts";
import type { Profile } from "./options.ts";
import type { Outcome, ScenarioResults } from "./results.ts";
import { failoverSetup } from "./scenario-configs.ts";
import type { AuthRunFigures, TokenCheckFigures } from "./token-check.ts";
import type { WrkFigures } from "./wrk.ts";

export function renderScenarios(scenarios: ScenarioResults, profile: Profile): string {
  return [
    renderFailover(scenarios.failover),
    "",
    renderTokenCheck(scenarios.tokenCheck, profile),
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
  const title = "token check overhead (auth.mode none vs tokens)";
  if (!outcome.ok) return `${title}: n/a (${outcome.detail ?? outcome.why})`;
  const figures = outcome.value;
  const { none, tokens, addedP50AtC1Us } = figures;
  const c = profile.wrkConnections;
  const wrkRow = (label: string, cell: (w: WrkFigures) => string, difference: string) => [
    label,
    wrkCell(none, cell),
    wrkCell(tokens, cell),
    difference,
  ];
  const wrkDifference = (figure: (w: WrkFigures) => number) =>
    none.throughput.ok && tokens.throughput.ok
      ? `${signed(figure(tokens.throughput.value) - figure(none.throughput.value), 2)} ms`
      : "n/a";
  const change =
    figures.throughputChangePercent === undefined
      ? "n/a"
      : `${signed(figures.throughputChangePercent, 1)}%`;
  const addedP99 = tokens.latency.p99Us - none.latency.p99Us;
  const starred = [none, tokens].some((run) => hasErrors(run.throughput));
  return [
    title,
    "two llm-proxy servers on one mock (config files, log level warn), measured in alternating",
    `rounds: wrk ABBA, ${figures.wrkRoundSeconds} s each; c=1 ABBA BAAB,` +
      ` ${figures.latencyRoundRequests} requests each; figures are medians of a mode's rounds`,
    alignColumns([
      ["", "auth none", "auth tokens", "difference"],
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
        micros(none.latency.p50Us),
        micros(tokens.latency.p50Us),
        `${signed(Math.round(addedP50AtC1Us))} µs`,
      ],
      [
        "p99 at c=1",
        micros(none.latency.p99Us),
        micros(tokens.latency.p99Us),
        `${signed(Math.round(addedP99))} µs`,
      ],
    ]),
    `tokens add ${signed(Math.round(addedP50AtC1Us))} µs at c=1 (p50) and change throughput` +
      ` by ${change}`,
    ...(none.throughput.ok && tokens.throughput.ok
      ? [`  rounds, requests/s: none ${roundRates(none)}; tokens ${roundRates(tokens)}`]
      : []),
    `  rounds, p50 at c=1: none ${roundP50s(none)}; tokens ${roundP50s(tokens)}`,
    ...(starred ? ["  * wrk saw non-2xx answers or socket errors"] : []),
    ...[none, tokens].flatMap((run) =>
      run.throughput.ok ? [] : [`  wrk: ${run.throughput.detail ?? run.throughput.why}`],
    ),
    ...(none.proxyLogProblems ? [`  auth none: ${none.proxyLogProblems}`] : []),
    ...(tokens.proxyLogProblems ? [`  auth tokens: ${tokens.proxyLogProblems}`] : []),
  ].join("\n");
}

/** Each wrk round's rate, so the spread between rounds shows how much of a difference is noise. */
function roundRates(run: AuthRunFigures): string {
  return run.rounds.throughput.map((round) => count(round.requestsPerSec)).join(", ");
}

/** Each round's p50, so the spread between rounds shows how much of a difference is noise. */
function roundP50s(run: AuthRunFigures): string {
  return run.rounds.latency.map((round) => micros(round.samples.p50)).join(", ");
}

function wrkCell(run: AuthRunFigures, cell: (w: WrkFigures) => string): string {
  return run.throughput.ok ? cell(run.throughput.value) : `n/a (${run.throughput.why})`;
}

function hasErrors(throughput: Outcome<WrkFigures>): boolean {
  return throughput.ok && throughput.value.badStatus + throughput.value.socketErrors > 0;
}

/** Each provider's share of the side's answered requests, e.g. "33% / 33% / 33%". */
function shares(side: SideFigures, providers: readonly string[]): string {
  const served = providers.reduce((sum, name) => sum + (side.servedBy[name] ?? 0), 0);
  if (served === 0) return "-";
  return providers
    .map((name) => `${Math.round(((side.servedBy[name] ?? 0) / served) * 100)}%`)
    .join(" / ");
}
