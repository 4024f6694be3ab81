// `bun run bench`: llm-proxy against a direct mock upstream and nginx, then the failover, token
// check and tracing cost scenarios; see `bun run bench --help`.

import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateTargets } from "./bench/checks.ts";
import { killAllNow, stopAll } from "./bench/children.ts";
import { type ParsedArgs, type Profile, parseArgs, usage } from "./bench/options.ts";
import {
  checkStreams,
  type Endpoints,
  measureLatency,
  measureThroughput,
  measureTtfb,
} from "./bench/phases.ts";
import { describeError, progress } from "./bench/progress.ts";
import { collectNotes, renderReport, summarizeProxyLog } from "./bench/report.ts";
import {
  addedP50Us,
  addedTtfbMs,
  type BenchResults,
  type TargetFigures,
  type TargetKey,
  targetKeys,
  writeResults,
} from "./bench/results.ts";
import { type RssSampler, startRssSampler } from "./bench/rss.ts";
import { runScenarios } from "./bench/scenarios.ts";
import {
  checkEndpoints,
  prepareTools,
  prepareWrk,
  type Servers,
  startServers,
} from "./bench/setup.ts";
import { runStartupBench } from "./bench/startup.ts";

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
  await run(parsed.profile, workDir);
} catch (error: unknown) {
  progress(`failed: ${describeError(error)}`);
  exitCode = 1;
} finally {
  await stopAll();
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(exitCode);

// --- internal ---

async function run(profile: Profile, dir: string): Promise<void> {
  const startedAt = new Date().toISOString();
  progress(`${profile.name} run; work files in ${dir}`);
  const tools = await prepareTools();
  const servers = await startServers(tools, dir);
  const sampler = watchMemory(servers);
  const endpoints = await checkEndpoints(servers);
  const wrk = await prepareWrk(tools, profile, dir);
  const throughput = await measureThroughput(endpoints, wrk, profile);
  const latency = await measureLatency(endpoints, profile);
  const ttfb = await measureTtfb(endpoints, profile);
  sampler.markPhase();
  const streams = await checkStreams(endpoints, profile);
  const targets = {} as Record<TargetKey, TargetFigures>;
  for (const key of targetKeys) {
    const memory = readMemory(sampler, endpoints, key);
    targets[key] = {
      throughput: throughput[key],
      latency: latency[key],
      ttfb: ttfb[key],
      streams: streams[key],
      memory,
    };
  }
  sampler.stop();
  const proxyLog = await Bun.file(servers.proxy.server.stderrPath).text();
  const scenarios = await runScenarios(profile, servers.mock.origin, wrk, dir);
  const results: BenchResults = {
    startedAt,
    finishedAt: new Date().toISOString(),
    profile,
    proxyCommand: servers.proxy.command,
    pinned: tools.pinned,
    notes: collectNotes(targets, tools.pinned, summarizeProxyLog(proxyLog)),
    targets,
    added: {
      nginx: { p50AtC1Us: addedP50Us(targets, "nginx"), ttfbP50Ms: addedTtfbMs(targets, "nginx") },
      proxy: { p50AtC1Us: addedP50Us(targets, "proxy"), ttfbP50Ms: addedTtfbMs(targets, "proxy") },
    },
    checks: evaluateTargets(targets, profile),
    scenarios,
  };
  console.log(`\n${renderReport(results)}\n`);
  progress(`results written to ${await writeResults(results)}`);
}

function watchMemory(servers: Servers): RssSampler {
  const sampler = startRssSampler();
  sampler.watch("direct", servers.mock.pid);
  sampler.watch("proxy", servers.proxy.serverPid);
  if (servers.nginx.ok) sampler.watch("nginx", servers.nginx.value.pid);
  return sampler;
}

function readMemory(
  sampler: RssSampler,
  endpoints: Endpoints,
  key: TargetKey,
): TargetFigures["memory"] {
  const endpoint = endpoints[key];
  if (!endpoint.ok) return endpoint;
  const figures = sampler.read(key);
  return figures ? { ok: true, value: figures } : { ok: false, why: "no /proc reading" };
}

function parseOrExit(argv: string[]): ParsedArgs {
  try {
    return parseArgs(argv);
  } catch (error: unknown) {
    console.error(`bench: ${describeError(error)}\n${usage}`);
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
