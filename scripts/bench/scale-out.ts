// Two instances behind nginx, on one Postgres and one Redis (issue 17): throughput (wrk, c=64)
// and latency at c=1 through nginx, with a client token whose rpm and budget are checked by each
// instance itself (no shared:) or as one across both (shared.redis, a script per check).

import { join } from "node:path";
import { startPostgres } from "../../test/support/postgres-server.ts";
import { startRedisServer } from "../../test/support/redis-server.ts";
import { type ServerProcess, stopServer } from "./children.ts";
import { createClientToken } from "./client-token.ts";
import { startMock } from "./mock.ts";
import { startNginx } from "./nginx.ts";
import { progress } from "./progress.ts";
import { startConfiguredProxy } from "./proxy.ts";
import { findTool } from "./tools.ts";
import { runWrk, writeWrkScript } from "./wrk.ts";

type ScaleOutSide = { requestsPerSec: number; p50MsAtC64: number; p50MsAtC1: number };
export type ScaleOutFigures = { seconds: number; local: ScaleOutSide; shared: ScaleOutSide };

const scaleOutSetup =
  "nginx round robin over 2 llm-proxy instances on one Postgres; a token with rpm and a budget";

/** wrk as the main phases found it; nginx from the PATH (the bench installs both). */
export async function measureScaleOut(
  wrk: { ok: true; value: { wrkPath: string } } | { ok: false; why: string },
  seconds: number,
  dir: string,
): Promise<ScaleOutFigures> {
  if (!wrk.ok) throw new Error(wrk.why);
  const nginxPath = findTool("nginx");
  if (nginxPath === undefined) throw new Error("nginx not installed");
  const tools = { wrkPath: wrk.value.wrkPath, nginxPath };
  await using postgres = await startPostgres();
  await using redis = await startRedisServer();
  const mock = await startMock(dir, "scale-out-mock");
  try {
    const sides: Partial<Record<"local" | "shared", ScaleOutSide>> = {};
    for (const side of ["local", "shared"] as const) {
      const config = await writeConfig(dir, side, mock.origin, postgres.url, redis.url);
      sides[side] = await measureSide(side, config, tools, seconds, dir);
    }
    const { local, shared } = sides;
    if (!local || !shared) throw new Error("a side was not measured");
    return { seconds, local, shared };
  } finally {
    await stopServer(mock.server);
  }
}

/** The scenario's lines for the report, or why it is missing. */
export function renderScaleOut(
  outcome: { ok: true; value: ScaleOutFigures } | { ok: false; why: string; detail?: string },
): string {
  const title = "two instances behind nginx (Postgres + Redis): shared limits vs local ones";
  if (!outcome.ok) return `${title}: n/a (${outcome.detail ?? outcome.why})`;
  const { local, shared, seconds } = outcome.value;
  const row = (label: string, a: string, b: string) =>
    `  ${label.padEnd(22)}${a.padStart(12)}${b.padStart(12)}`;
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  return [
    title,
    `${scaleOutSetup}; wrk ${seconds} s per run`,
    row("", "local", "shared"),
    row("requests/s (c=64)", local.requestsPerSec.toFixed(0), shared.requestsPerSec.toFixed(0)),
    row("p50 (c=64)", ms(local.p50MsAtC64), ms(shared.p50MsAtC64)),
    row("p50 (c=1)", ms(local.p50MsAtC1), ms(shared.p50MsAtC1)),
    `  shared adds ${ms(shared.p50MsAtC1 - local.p50MsAtC1)} at c=1 and costs ` +
      `${(100 - (100 * shared.requestsPerSec) / local.requestsPerSec).toFixed(1)}% of the throughput`,
  ].join("\n");
}

// --- internal ---

async function measureSide(
  side: "local" | "shared",
  configPath: string,
  tools: { wrkPath: string; nginxPath: string },
  seconds: number,
  dir: string,
): Promise<ScaleOutSide> {
  // rpm and a budget far above what the run sends: every request is checked, none refused
  const limits = ["--rpm", "100000000", "--budget", "1000000"];
  const token = await createClientToken(configPath, "bench", limits);
  const proxies = await Promise.all(
    [1, 2].map((n) => startConfiguredProxy(`scale-out-${side}-${n}`, configPath, dir)),
  );
  const nginx = await startNginx(
    tools.nginxPath,
    proxies.map((p) => p.origin),
    dir,
    `nginx-${side}`,
  );
  const servers: ServerProcess[] = [nginx.server, ...proxies.map((proxy) => proxy.server)];
  try {
    progress(`scale-out: ${side} limits, 2 instances behind nginx on ${nginx.origin}`);
    const lua = await writeWrkScript(dir, { token });
    const at = (connections: number) => ({ wrkPath: tools.wrkPath, connections });
    await runWrk(at(64), lua, nginx.origin, 1); // warm-up
    const loaded = await runWrk(at(64), lua, nginx.origin, seconds);
    const single = await runWrk(at(1), lua, nginx.origin, seconds);
    if (loaded.badStatus > 0 || single.badStatus > 0) {
      throw new Error(`${side}: ${loaded.badStatus + single.badStatus} answers were not 2xx`);
    }
    return {
      requestsPerSec: loaded.requestsPerSec,
      p50MsAtC64: loaded.p50Ms,
      p50MsAtC1: single.p50Ms,
    };
  } finally {
    for (const server of servers) await stopServer(server);
  }
}

async function writeConfig(
  dir: string,
  side: "local" | "shared",
  mockOrigin: string,
  postgresUrl: string,
  redisUrl: string,
): Promise<string> {
  const path = join(dir, `scale-out-${side}.yaml`);
  const shared = side === "shared" ? `shared: { redis: { url: "${redisUrl}" } }\n` : "";
  await Bun.write(
    path,
    `storage: { url: "${postgresUrl}" }
${shared}auth: { mode: tokens }
usage: { enabled: true }
traces: { enabled: false }
logging: { level: warn, requests: false }
routing: { health_check: { enabled: false } }
pricing: [{ model: "*", input: 0.01, output: 0.01 }]
providers:
  - { name: mock, type: openai, base_url: "${mockOrigin}/v1", api_key: bench-key }
`,
  );
  return path;
}
