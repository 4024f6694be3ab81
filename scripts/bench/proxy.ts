// Starts llm-proxy, the compiled binary if built, else source: in quick-start mode against the
// mock, or from a config file (the scenarios).

import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, type ServerProcess, spawnServer, trackPid } from "./children.ts";
import { freeLoopbackPort } from "./free-port.ts";
import { childPids } from "./proc.ts";
import { progress } from "./progress.ts";
import { waitForOutput, waitForPort } from "./wait-for.ts";

export type RunningProxy = {
  server: ServerProcess;
  origin: string;
  /** The process serving requests: the launcher's child when `serve` relaunched itself. */
  serverPid: number;
  relaunched: boolean;
  command: string;
};

export type ConfiguredProxy = { server: ServerProcess; origin: string };

const binary = join(repoRoot, "dist", "llm-proxy");
// set up front, so `serve` need not relaunch itself to lift fetch's 256-request cap
const serveEnv = { BUN_CONFIG_MAX_HTTP_REQUESTS: "16384" };
let chosen: { argv: string[]; command: string } | undefined;

export async function startProxy(mockOrigin: string, logDir: string): Promise<RunningProxy> {
  const { argv, command } = proxyCommand();
  const serve = ["serve", "--port", "0", "--base-url", `${mockOrigin}/v1`, "--type", "openai"];
  const flags = ["--api-key", "bench-key", "--log-level", "info"];
  const server = spawnServer("llm-proxy", [...argv, ...serve, ...flags], logDir, serveEnv);
  const match = await waitForOutput(server, /listening on (http:\/\/\S+)/, 15_000);
  const launcherPid = server.proc.pid;
  const child = childPids(launcherPid)[0];
  if (child !== undefined) trackPid("llm-proxy server", child);
  return {
    server,
    origin: match[1] ?? "",
    serverPid: child ?? launcherPid,
    relaunched: child !== undefined,
    command,
  };
}

/**
 * `serve -c configPath` on a free port, found by connecting: at log level warn the proxy prints
 * no "listening on" line.
 */
export async function startConfiguredProxy(
  name: string,
  configPath: string,
  logDir: string,
): Promise<ConfiguredProxy> {
  const port = freeLoopbackPort();
  const argv = [...proxyCommand().argv, "serve", "-c", configPath, "--port", String(port)];
  const server = spawnServer(name, argv, logDir, serveEnv);
  await waitForPort(server, port, 15_000);
  return { server, origin: `http://127.0.0.1:${port}` };
}

/** How to run llm-proxy: the argv prefix and how the report names it. */
export function proxyCommand(): { argv: string[]; command: string } {
  chosen ??= chooseProxyCommand();
  return chosen;
}

// --- internal ---

function chooseProxyCommand(): { argv: string[]; command: string } {
  if (!existsSync(binary)) {
    progress("dist/llm-proxy not built (bun run build): measuring bun src/cli/index.ts instead");
    return { argv: [process.execPath, "src/cli/index.ts"], command: "bun src/cli/index.ts" };
  }
  if (newestMtime(join(repoRoot, "src")) > statSync(binary).mtimeMs) {
    progress("warning: dist/llm-proxy is older than src/; run bun run build to measure the latest");
  }
  return { argv: [binary], command: "dist/llm-proxy" };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
