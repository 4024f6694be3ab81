// Runs scripts/bench/client.ts on the load core and reads the JSON result it prints.

import { runLoad } from "./children.ts";
import type { ClientResult, SequentialResult, StreamsResult } from "./types.ts";

const clientScript = "scripts/bench/client.ts";

// without it the client's own fetch would queue all but 256 of the concurrent streams
const clientEnv = { BUN_CONFIG_MAX_HTTP_REQUESTS: "16384" };

export type ClientArgs = { count: number; warmup?: number; chunks?: number; intervalMs?: number };

export async function runSequential(
  mode: "latency" | "ttfb",
  url: string,
  args: ClientArgs,
): Promise<SequentialResult> {
  const result = await runClient(mode, url, args);
  if (result.mode === "streams") throw new Error("client answered the wrong mode");
  return result;
}

export async function runStreams(url: string, args: ClientArgs): Promise<StreamsResult> {
  const result = await runClient("streams", url, args);
  if (result.mode !== "streams") throw new Error("client answered the wrong mode");
  return result;
}

// --- internal ---

async function runClient(mode: string, url: string, args: ClientArgs): Promise<ClientResult> {
  const argv = [process.execPath, clientScript, mode, "--url", url, "--count", String(args.count)];
  if (args.warmup !== undefined) argv.push("--warmup", String(args.warmup));
  if (args.chunks !== undefined) argv.push("--chunks", String(args.chunks));
  if (args.intervalMs !== undefined) argv.push("--interval-ms", String(args.intervalMs));
  const finished = await runLoad(`client ${mode}`, argv, clientEnv);
  const lastLine = finished.stdout.trim().split("\n").pop() ?? "";
  if (finished.exitCode !== 0 || !lastLine.startsWith("{")) {
    throw new Error(`client ${mode} exited ${finished.exitCode}: ${finished.stderr.trim()}`);
  }
  return JSON.parse(lastLine) as ClientResult;
}
