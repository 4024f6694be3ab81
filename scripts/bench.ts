// `bun run bench`: llm-proxy against the mock upstream, nginx and bun-bare (S1-S4, TTFT), then
// the failover, token check, tracing cost, cache and scale-out scenarios; `--soak`, `--startup`;
// see --help.

import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { messageOf } from "../src/shared/index.ts";
import { evaluateTargets } from "./bench/checks.ts";
import { killAllNow, stopAll } from "./bench/children.ts";
import { watchMachineLoad } from "./bench/machine-load.ts";
import { startMock } from "./bench/mock.ts";
import { type ParsedArgs, parseArgs, usage } from "./bench/options.ts";
import { measurePhases } from "./bench/phases.ts";
import { clockTicksPerSecond } from "./bench/proc.ts";
import { progress } from "./bench/progress.ts";
import { proxyCommand } from "./bench/proxy.ts";
import { collectNotes, renderReport } from "./bench/report.ts";
import { type BenchResults, readLoadAverage, withRatios, writeResults } from "./bench/results.ts";
import { runScenarios } from "./bench/scenarios.ts";
import { prepareTools, prepareWrk, startTargets } from "./bench/setup.ts";
import { runSoak } from "./bench/soak.ts";
import { runStartupBench } from "./bench/startup.ts";
import type { MeasuredTarget, Profile } from "./bench/types.ts";

if (process.argv[2] === "--startup") process.exit(await runStartupBench(process.argv.slice(3)));
const parsed = parseOrExit(process.argv.slice(2));
if (parsed.kind === "help") {
  console.log(usage);
  process.exit(0);
}
const workDir = await mkdtemp(join(tmpdir(), "llm-proxy-bench-"));
installCleanup(workDir);
let exitCode = 0;
try {
  if (parsed.kind === "soak") await runSoak(parsed.soak, workDir);
  else await run(parsed.profile, workDir);
} catch (error: unknown) {
  progress(`failed: ${messageOf(error)}`);
  exitCode = 1;
} finally {
  await stopAll();
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(exitCode);

// --- internal ---

async function run(profile: Profile, dir: string): Promise<void> {
  const startedAt = new Date().toISOString();
  const atStart = await readLoadAverage();
  const cpu = watchMachineLoad();
  progress(`${profile.name} run; work files in ${dir}`);
  const tools = await prepareTools();
  progress("starting the mock upstream ...");
  const mock = await startMock(dir);
  const started = await startTargets({ mock, dir, nginx: tools.nginx });
  const wrk = prepareWrk(tools, profile);
  const ticksPerSecond = await clockTicksPerSecond();
  const env = { profile, wrk, dir, ticksPerSecond };
  const figures = await measurePhases(started, env);
  const measured: MeasuredTarget[] = started.map(({ running: _, ...target }) => ({
    ...target,
    figures: figures.get(target.key) ?? unmeasured(),
  }));
  const notes = await collectNotes(started, measured, tools.pinned);
  const scenarios = await runScenarios(profile, mock.origin, wrk, dir);
  // every child ended and reaped, so that its CPU time counts as the bench's
  await stopAll();
  const machine = cpu.stop(ticksPerSecond);
  const results: BenchResults = {
    startedAt,
    finishedAt: new Date().toISOString(),
    profile,
    proxyCommand: proxyCommand().command,
    pinned: tools.pinned,
    loadAverage: { atStart, atEnd: await readLoadAverage() },
    machine,
    targets: withRatios(measured, profile),
    checks: evaluateTargets(measured, profile),
    notes,
    scenarios,
  };
  console.log(`\n${renderReport(results)}\n`);
  progress(`results written to ${await writeResults(results)}`);
}

function unmeasured(): MeasuredTarget["figures"] {
  const missing = { ok: false as const, why: "not measured" };
  return { s1: missing, latency: missing, s2: missing, s3: missing, s4: missing, ttft: missing };
}

function parseOrExit(argv: string[]): ParsedArgs {
  try {
    return parseArgs(argv);
  } catch (error: unknown) {
    console.error(`bench: ${messageOf(error)}\n${usage}`);
    process.exit(2);
  }
}

/** Child processes end with the bench, whether it finishes, fails or is interrupted. */
function installCleanup(dir: string): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals, code: number) => () => {
    if (stopping) return;
    stopping = true;
    progress(`${signal}: stopping child processes`);
    void stopAll().finally(() => process.exit(code));
  };
  process.on("SIGINT", onSignal("SIGINT", 130));
  process.on("SIGTERM", onSignal("SIGTERM", 143));
  process.on("SIGHUP", onSignal("SIGHUP", 129));
  process.on("exit", () => {
    killAllNow();
    rmSync(dir, { recursive: true, force: true });
  });
}
