// Creates a client token with llm-proxy's own CLI (`token create --json`) before its server starts.

import { runLoad } from "./children.ts";
import { proxyCommand } from "./proxy.ts";

/**
 * The token's secret, to send as `Authorization: Bearer <secret>`; `flags` are more of
 * `token create`'s (limits, a budget).
 */
export async function createClientToken(
  configPath: string,
  project: string,
  flags: readonly string[] = [],
): Promise<string> {
  const argv = [...proxyCommand().argv, "token", "create", "--project", project, ...flags];
  // a one-off command rather than load, but runLoad tracks it and hands back its stdout
  const finished = await runLoad("token create", [...argv, "-c", configPath, "--json"]);
  if (finished.exitCode !== 0) {
    throw new Error(`token create exited ${finished.exitCode}: ${finished.stderr.trim()}`);
  }
  const lastLine = finished.stdout.trim().split("\n").pop() ?? "";
  const secret = readSecret(lastLine);
  if (secret === undefined) throw new Error(`token create printed no token: ${lastLine}`);
  return secret;
}

// --- internal ---

function readSecret(line: string): string | undefined {
  try {
    const parsed = JSON.parse(line) as { token?: unknown };
    return typeof parsed.token === "string" && parsed.token !== "" ? parsed.token : undefined;
  } catch {
    return undefined;
  }
}
