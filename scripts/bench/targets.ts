// The targets `bun run bench` measures, one entry each, in the table's column order: the mock
// itself, nginx, bun-bare (the floor every ratio is taken to), bun-stream (bun-bare with every
// chunk through JavaScript), bun-features (bun-bare doing the shipped features' own work
// directly), then one per llm-proxy config.

import { join } from "node:path";
import { type ServerProcess, spawnServer } from "./children.ts";
import { createClientToken } from "./client-token.ts";
import type { RunningMock } from "./mock.ts";
import { startNginx } from "./nginx.ts";
import { serveEnv, startConfiguredProxy } from "./proxy.ts";
import { type ProxyConfigSpec, proxyConfigs } from "./proxy-configs.ts";
import type { Tool } from "./tools.ts";
import type { RunningTarget } from "./types.ts";
import { waitForOutput } from "./wait-for.ts";

export type TargetContext = { mock: RunningMock; dir: string; nginx: Tool };

export type TargetSpec = {
  key: string;
  label: string;
  /** One line for the report: what this target is. */
  about: string;
  start(context: TargetContext): Promise<RunningTarget>;
};

/** Added latency and TTFT overhead are taken against this target. */
export const directKey = "direct";
/** Every ratio is taken to this target. */
export const floorKey = "bun-bare";
/** What Bun allows a gateway that sees every chunk, and one that does the shipped features. */
export const streamFloorKey = "bun-stream";
export const featuresKey = "bun-features";

export const targets: readonly TargetSpec[] = [
  {
    key: directKey,
    label: "direct",
    about: "the mock upstream itself, on core 1 (its CPU and RSS are the mock's)",
    start: async ({ mock }) => ({ origin: mock.origin, pids: [mock.pid] }),
  },
  {
    key: "nginx",
    label: "nginx",
    about: "nginx as a keepalive reverse proxy, one worker, no buffering",
    start: async ({ mock, dir, nginx }) => {
      if (!nginx.ok) throw new Error(nginx.detail);
      const running = await startNginx(nginx.path, [mock.origin], dir);
      return { origin: running.origin, pids: [running.pid] };
    },
  },
  {
    key: floorKey,
    label: "bun-bare",
    about: "scripts/bench/bun-bare.ts: Bun.serve + fetch pass-through, the floor of a Bun gateway",
    start: startBunBare,
  },
  {
    key: streamFloorKey,
    label: "bun-stream",
    about:
      "scripts/bench/bun-bare.ts --through-js: bun-bare with the answer passed through a JS ReadableStream chunk by chunk, the floor of a gateway that sees every chunk",
    start: startBunStream,
  },
  {
    key: featuresKey,
    label: "bun-features",
    about:
      "scripts/bench/bun-features.ts: bun-bare plus the shipped features' own work, written directly (token, usage row, trace with bodies, session id, metric, log line)",
    start: startBunFeatures,
  },
  ...proxyConfigs.map(toProxyTarget),
];

// --- internal ---

async function startBunBare({ mock, dir }: TargetContext): Promise<RunningTarget> {
  return startBareScript("bun-bare", [], mock, dir);
}

async function startBunStream({ mock, dir }: TargetContext): Promise<RunningTarget> {
  return startBareScript("bun-stream", ["--through-js"], mock, dir);
}

/** scripts/bench/bun-bare.ts forwarding to the mock; it prints "listening on ORIGIN". */
async function startBareScript(
  name: string,
  flags: readonly string[],
  mock: RunningMock,
  dir: string,
): Promise<RunningTarget> {
  const argv = [process.execPath, "scripts/bench/bun-bare.ts", "--upstream", mock.origin, ...flags];
  const server = spawnServer(name, argv, dir, { env: serveEnv });
  const match = await waitForOutput(server, /listening on (http:\/\/[\d.:]+)/, 10_000);
  return served(server, match[1] ?? "");
}

async function startBunFeatures({ mock, dir }: TargetContext): Promise<RunningTarget> {
  const script = "scripts/bench/bun-features.ts";
  const argv = [
    process.execPath,
    script,
    "--upstream",
    mock.origin,
    "--db",
    join(dir, "features.db"),
  ];
  const server = spawnServer(featuresKey, argv, dir, { env: serveEnv });
  const match = await waitForOutput(server, /listening on (http:\/\/[\d.:]+)/, 10_000);
  const token = await waitForOutput(server, /client token: (\S+)/, 10_000);
  return { ...served(server, match[1] ?? ""), token: token[1] ?? "" };
}

function toProxyTarget(config: ProxyConfigSpec): TargetSpec {
  return {
    key: config.key,
    label: config.label,
    about: config.about,
    start: async ({ mock, dir }) => {
      const { configPath, env } = await config.prepare(dir, mock.origin);
      const token = config.needsToken ? await createClientToken(configPath, "bench") : undefined;
      const proxy = await startConfiguredProxy(`proxy-${config.key}`, configPath, dir, env);
      return { ...served(proxy.server, proxy.origin), ...(token ? { token } : {}) };
    },
  };
}

function served(server: ServerProcess, origin: string): RunningTarget {
  return { origin, pids: [server.proc.pid], logPath: server.stderrPath };
}
