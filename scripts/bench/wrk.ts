// Runs wrk on the load core with a Lua script that posts a chat completion, and parses its report.

import { join } from "node:path";
import { chatBody, chatPath, requestHeaders } from "./chat-request.ts";
import { runLoad } from "./children.ts";

export type WrkFigures = {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Non-2xx/3xx answers; a healthy run has none. */
  badStatus: number;
  socketErrors: number;
};

export type WrkRun = { wrkPath: string; luaPath: string; connections: number };

/**
 * With a token, the script sends it as the bearer (llm-proxy with auth.mode tokens); `extra`
 * headers go on every request too.
 */
export async function writeWrkScript(
  dir: string,
  token?: string,
  extra: Readonly<Record<string, string>> = {},
): Promise<string> {
  const all = requestHeaders(token, extra);
  const path = join(dir, `post-${Bun.hash(JSON.stringify(all)).toString(36)}.lua`);
  const headers = Object.entries(all)
    .map(([name, value]) => `wrk.headers[ ${luaString(name)} ] = ${luaString(value)}`)
    .join("\n");
  await Bun.write(
    path,
    `wrk.method = "POST"\nwrk.body = ${luaString(chatBody(false))}\n${headers}\n`,
  );
  return path;
}

export async function runWrk(run: WrkRun, origin: string, seconds: number): Promise<WrkFigures> {
  const argv = [run.wrkPath, "-t1", `-c${run.connections}`, `-d${seconds}s`, "--latency"];
  const result = await runLoad("wrk", [...argv, "-s", run.luaPath, `${origin}${chatPath}`]);
  if (result.exitCode !== 0) {
    throw new Error(
      `wrk exited ${result.exitCode}: ${result.stderr.trim() || result.stdout.trim()}`,
    );
  }
  return parseWrkReport(result.stdout);
}

export function parseWrkReport(report: string): WrkFigures {
  const rate = report.match(/^Requests\/sec:\s+([\d.]+)/m);
  const p50 = report.match(/^\s+50%\s+([\d.]+)(us|ms|s)\b/m);
  const p99 = report.match(/^\s+99%\s+([\d.]+)(us|ms|s)\b/m);
  const total = report.match(/^\s+(\d+) requests in/m);
  if (!rate?.[1] || !p50 || !p99 || !total?.[1]) {
    throw new Error(`cannot read the wrk report:\n${report}`);
  }
  const sockets = report.match(/connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const socketErrors = sockets ? sockets.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    requestsPerSec: Number(rate[1]),
    p50Ms: toMs(p50),
    p99Ms: toMs(p99),
    requests: Number(total[1]),
    badStatus: Number(report.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0),
    socketErrors,
  };
}

// --- internal ---

function toMs(match: RegExpMatchArray): number {
  const value = Number(match[1]);
  if (match[2] === "us") return value / 1000;
  return match[2] === "s" ? value * 1000 : value;
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
