// Starts llm-proxy from a config file: the compiled binary if built, else the source.

import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, type ServerProcess, spawnServer } from "./children.ts";
import { freeLoopbackPort } from "./free-port.ts";
import { progress } from "./progress.ts";
import { waitForPort } from "./wait-for.ts";

export type ConfiguredProxy = { server: ServerProcess; origin: string };

const binary = join(repoRoot, "dist", "llm-proxy");
/**
 * The fetch concurrency `serve` sets for itself (src/cli/_fetch-concurrency.ts), preset so it
 * need not exec; bun-bare runs with it too.
 */
export const serveEnv = { BUN_CONFIG_MAX_HTTP_REQUESTS: "16384" };
let chosen: { argv: string[]; command: string } | undefined;

/**
 * `serve -c configPath` on a free port, found by connecting: at log level warn the proxy prints
 * no "listening on" line. `env` is for the config's ${VAR}s.
 */
export async function startConfiguredProxy(
  name: string,
  configPath: string,
  logDir: string,
  env: Record<string, string> = {},
): Promise<ConfiguredProxy> {
  const port = freeLoopbackPort();
  const argv = [...proxyCommand().argv, "serve", "-c", configPath, "--port", String(port)];
  const server = spawnServer(name, argv, logDir, { env: { ...env, ...serveEnv } });
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
