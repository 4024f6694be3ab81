// Runs wrk on the load core with a Lua script that posts a chat completion, and parses its report.

import { join } from "node:path";
import { chatBody, chatPath, type RequestShape, requestHeaders } from "./chat-request.ts";
import { runLoad } from "./children.ts";
import type { WrkFigures, WrkRun } from "./types.ts";

type WrkRequest = Partial<RequestShape> & {
  /** Sent as the bearer (llm-proxy with auth.mode tokens). */
  token?: string | undefined;
};

/** The Lua script for one kind of request; its path is derived from the request, so reused. */
export async function writeWrkScript(dir: string, request: WrkRequest = {}): Promise<string> {
  const all = requestHeaders(request.token, request.headers ?? {});
  const body = chatBody(request.stream ?? false);
  const path = join(dir, `post-${Bun.hash(JSON.stringify([all, body])).toString(36)}.lua`);
  const headers = Object.entries(all)
    .map(([name, value]) => `wrk.headers[ ${luaString(name)} ] = ${luaString(value)}`)
    .join("\n");
  await Bun.write(path, `wrk.method = "POST"\nwrk.body = ${luaString(body)}\n${headers}\n`);
  return path;
}

export async function runWrk(
  run: WrkRun,
  luaPath: string,
  origin: string,
  seconds: number,
): Promise<WrkFigures> {
  const argv = [run.wrkPath, "-t1", `-c${run.connections}`, `-d${seconds}s`, "--latency"];
  const result = await runLoad("wrk", [...argv, "-s", luaPath, `${origin}${chatPath}`]);
  if (result.exitCode !== 0) {
    throw new Error(
      `wrk exited ${result.exitCode}: ${result.stderr.trim() || result.stdout.trim()}`,
    );
  }
  return parseWrkReport(result.stdout);
}

// --- internal ---

function parseWrkReport(report: string): WrkFigures {
  const rate = report.match(/^Requests\/sec:\s+([\d.]+)/m);
  const p50 = report.match(/^\s+50%\s+([\d.]+)(us|ms|s)\b/m);
  const p99 = report.match(/^\s+99%\s+([\d.]+)(us|ms|s)\b/m);
  const total = report.match(/^\s+(\d+) requests in ([\d.]+)(us|ms|s|m), ([\d.]+)([KMGT]?B) read/m);
  if (!rate?.[1] || !p50 || !p99 || !total?.[1]) {
    throw new Error(`cannot read the wrk report:\n${report}`);
  }
  const sockets = report.match(/connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const socketErrors = sockets ? sockets.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    requestsPerSec: Number(rate[1]),
    p50Ms: toMs(p50[1], p50[2]),
    p99Ms: toMs(p99[1], p99[2]),
    requests: Number(total[1]),
    seconds: toMs(total[2], total[3]) / 1000,
    bytesRead: Number(total[4]) * 1024 ** "BKMGT".indexOf((total[5] ?? "B").charAt(0)),
    badStatus: Number(report.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0),
    socketErrors,
    ...(sockets ? { socketErrorLine: sockets[0] } : {}),
  };
}

function toMs(value: string | undefined, unit: string | undefined): number {
  const number = Number(value);
  if (unit === "us") return number / 1000;
  if (unit === "m") return number * 60_000;
  return unit === "s" ? number * 1000 : number;
}

/**
 * A Lua long string cannot be broken by quotes or backslashes in the JSON. As a table key it needs
 * spaces around it: `t[[[k]]]` would read as a long string starting at the first `[[`.
 */
function luaString(text: string): string {
  let level = "";
  while (text.includes(`]${level}]`)) level += "=";
  return `[${level}[${text}]${level}]`;
}
