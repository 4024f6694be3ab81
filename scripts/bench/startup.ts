// `bun run bench --startup`: how soon the compiled binary with the shipped config answers /health
// after exec (median of 20 starts, goal 150 ms), and what the binary is made of.

import { copyFileSync, existsSync, rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { $ } from "bun";
import { messageOf } from "../../src/shared/index.ts";
import { hostPlatform } from "../build/targets.ts";
import { measureBinarySize, renderSizeBreakdown } from "./binary-size.ts";
import { repoRoot } from "./children.ts";
import { progress } from "./progress.ts";
import { writeResults } from "./results.ts";
import { measureStart, type StartTiming } from "./startup-run.ts";
import { summarize } from "./stats.ts";

const startupUsage = `usage: bun run bench --startup
Starts dist/llm-proxy (bun run build) with the shipped proxy.config.yaml 20 times as shipped
(serve re-executes itself to set BUN_CONFIG_MAX_HTTP_REQUESTS) and 20 times with the variable
preset, and reports exec -> first 200 from /health (goal: median within 150 ms), SIGTERM -> exit
and the binary's size by part. Writes .bench/startup.json.`;

const starts = 20;
const goalMs = 150;
const binary = join(repoRoot, "dist", "llm-proxy");

/** The exit code: 0 when measured (PASS or MISS is in the report), 1 when it could not be. */
export async function runStartupBench(argv: readonly string[]): Promise<number> {
  if (argv.includes("--help")) return print(startupUsage, 0);
  if (argv.length > 0) return print(`bench: unknown argument ${argv[0]}\n${startupUsage}`, 2);
  if (!existsSync(binary)) return print("bench: dist/llm-proxy is missing: bun run build", 1);
  const dir = await mkdtemp(join(tmpdir(), "llm-proxy-startup-"));
  try {
    await measureAndReport(dir);
    return 0;
  } catch (error: unknown) {
    progress(`startup failed: ${messageOf(error)}`);
    return 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- internal ---

async function measureAndReport(dir: string): Promise<void> {
  const version = (await $`${binary} version --json`.text()).trim();
  progress(`start-up of dist/llm-proxy ${version}`);
  // a copy, so the store and traces the shipped config names land in the temporary directory
  const configPath = join(dir, "proxy.config.yaml");
  copyFileSync(join(repoRoot, "proxy.config.yaml"), configPath);
  const shippedEnv = { PATH: process.env.PATH ?? "", HOME: dir };
  const presetEnv = { ...shippedEnv, BUN_CONFIG_MAX_HTTP_REQUESTS: "16384" };
  const run = (env: Record<string, string>) =>
    measureStart({ binary, configPath, env, logDir: dir });
  const first = await run(shippedEnv);
  const shipped: StartTiming[] = [];
  const preset: StartTiming[] = [];
  for (let i = 0; i < starts; i++) {
    shipped.push(await run(shippedEnv));
    preset.push(await run(presetEnv));
  }
  progress("measuring the binary's parts (four more compiles)");
  const size = await measureBinarySize(join(dir, "size"));
  const results = {
    startedAt: new Date().toISOString(),
    version: JSON.parse(version) as unknown,
    starts,
    goalMs,
    firstStartMs: first.healthMs,
    shipped: summarize(shipped.map((timing) => timing.healthMs)),
    preset: summarize(preset.map((timing) => timing.healthMs)),
    stop: summarize(shipped.map((timing) => timing.stopMs)),
    size,
  };
  console.log(`\n${renderReport(results)}\n${renderSizeBreakdown(size, hostPlatform())}\n`);
  progress(`results written to ${await writeResults(results, "startup.json")}`);
}

type Summary = ReturnType<typeof summarize>;

function renderReport(results: {
  firstStartMs: number;
  shipped: Summary;
  preset: Summary;
  stop: Summary;
}): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);
  const row = (label: string, s: Summary) =>
    `${label.padEnd(44)}${ms(s.p50)}${ms(s.mean)}${ms(s.max)}`;
  const median = results.shipped.p50;
  const verdict = median <= goalMs ? "PASS" : "MISS";
  return [
    `${"".padEnd(44)}${"median".padStart(9)}${"mean".padStart(9)}${"max".padStart(9)}`,
    row("exec -> /health 200, as shipped", results.shipped),
    row("exec -> /health 200, variable preset", results.preset),
    row("SIGTERM -> exit, as shipped", results.stop),
    `first start (creates the store and the first token): ${ms(results.firstStartMs).trim()}`,
    `cost of serve's self-exec (median as shipped - preset): ${ms(median - results.preset.p50).trim()}`,
    `goal: /health within ${goalMs} ms of exec (median of ${starts}, as shipped): ${verdict}`,
  ].join("\n");
}

function print(message: string, code: number): number {
  (code === 0 ? console.log : console.error)(message);
  return code;
}
