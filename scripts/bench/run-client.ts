// Runs scripts/bench/client.ts on the load core and reads the JSON result it prints.

import { runLoad } from "./children.ts";
import type {
  ClientResult,
  LoadResult,
  RateResult,
  SequentialResult,
  StreamsResult,
} from "./types.ts";

const clientScript = "scripts/bench/client.ts";

// without it the client's own fetch would queue all but 256 of the concurrent streams
const clientEnv = { BUN_CONFIG_MAX_HTTP_REQUESTS: "16384" };

type ClientArgs = {
  count: number;
  warmup?: number;
  chunks?: number;
  intervalMs?: number;
  /** A client token to send as the bearer. */
  token?: string | undefined;
  /** More request headers (latency only). */
  headers?: Readonly<Record<string, string>>;
};

type LoadArgs = {
  workers: number;
  /** Epoch milliseconds: requests start from the client's launch, are recorded from recordFrom. */
  recordFrom: number;
  recordUntil: number;
};

export async function runSequential(
  mode: "latency" | "ttfb",
  url: string,
  args: ClientArgs,
): Promise<SequentialResult> {
  const result = await runClient(mode, url, args);
  if (result.mode !== mode) throw new Error("client answered the wrong mode");
  return result;
}

export async function runStreams(url: string, args: ClientArgs): Promise<StreamsResult> {
  const result = await runClient("streams", url, args);
  if (result.mode !== "streams") throw new Error("client answered the wrong mode");
  return result;
}

export async function runLoadClient(url: string, args: LoadArgs): Promise<LoadResult> {
  const result = await runClient("load", url, { count: 0 }, [
    ...["--workers", String(args.workers)],
    ...["--record-from", String(Math.round(args.recordFrom))],
    ...["--record-until", String(Math.round(args.recordUntil))],
  ]);
  if (result.mode !== "load") throw new Error("client answered the wrong mode");
  return result;
}

/** A steady rate for `seconds`: every `sseEvery`-th request a stream of `chunks` (ClientArgs). */
export async function runRateClient(
  url: string,
  args: ClientArgs & { rate: number; seconds: number; sseEvery: number },
): Promise<RateResult> {
  const result = await runClient("rate", url, args, [
    ...["--rate", String(args.rate)],
    ...["--seconds", String(args.seconds)],
    ...["--sse-every", String(args.sseEvery)],
  ]);
  if (result.mode !== "rate") throw new Error("client answered the wrong mode");
  return result;
}

/** Timings that include failed requests would flatter or smear the figures: refuse them. */
export function withoutErrors(result: SequentialResult): SequentialResult {
  if (result.errors > 0) {
    throw new Error(`${result.errors} requests failed, first: ${result.firstError ?? "?"}`);
  }
  return result;
}

// --- internal ---

async function runClient(
  mode: string,
  url: string,
  args: ClientArgs,
  extra: readonly string[] = [],
): Promise<ClientResult> {
  const argv = [process.execPath, clientScript, mode, "--url", url, "--count", String(args.count)];
  if (args.warmup !== undefined) argv.push("--warmup", String(args.warmup));
  if (args.chunks !== undefined) argv.push("--chunks", String(args.chunks));
  if (args.intervalMs !== undefined) argv.push("--interval-ms", String(args.intervalMs));
  if (args.token !== undefined) argv.push("--token", args.token);
  for (const [name, value] of Object.entries(args.headers ?? {})) {
    argv.push("--header", `${name}: ${value}`);
  }
  argv.push(...extra);
  const finished = await runLoad(`client ${mode}`, argv, clientEnv);
  const lastLine = finished.stdout.trim().split("\n").pop() ?? "";
  if (finished.exitCode !== 0 || !lastLine.startsWith("{")) {
    throw new Error(`client ${mode} exited ${finished.exitCode}: ${finished.stderr.trim()}`);
  }
  return JSON.parse(lastLine) as ClientResult;
}
