// The bench's load client, run as its own pinned process: one measurement, JSON result on stdout.
// usage: bun scripts/bench/client.ts latency|ttfb|streams --url URL [--count N] [--warmup N]
//        [--chunks N] [--interval-ms N] [--token T] [--header 'name: value' ...]
//        bun scripts/bench/client.ts load --url URL --workers N --record-from MS --record-until MS
//        (epoch milliseconds) [--token T]
//        bun scripts/bench/client.ts rate --url URL --rate N --seconds N --sse-every N
//        [--chunks N] [--interval-ms N] [--token T]

import { parseArgs } from "node:util";
import { runConstantLoad } from "./client-load.ts";
import { runSteadyRate } from "./client-rate.ts";
import { measureLatency, measureTtfb } from "./client-sequential.ts";
import { checkConcurrentStreams } from "./client-streams.ts";
import type { ClientResult } from "./types.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string" },
    count: { type: "string", default: "1000" },
    warmup: { type: "string", default: "0" },
    chunks: { type: "string", default: "3" },
    "interval-ms": { type: "string", default: "0" },
    token: { type: "string" },
    header: { type: "string", multiple: true },
    workers: { type: "string", default: "32" },
    "record-from": { type: "string", default: "0" },
    "record-until": { type: "string", default: "0" },
    rate: { type: "string", default: "100" },
    seconds: { type: "string", default: "10" },
    "sse-every": { type: "string", default: "2" },
  },
});

const mode = positionals[0];
const url = values.url;
if (url === undefined) fail("--url is required");
const settings = {
  url,
  count: toCount("--count", values.count),
  warmup: toCount("--warmup", values.warmup),
  chunks: toCount("--chunks", values.chunks),
  intervalMs: toCount("--interval-ms", values["interval-ms"]),
  token: values.token,
  headers: parseHeaders(values.header ?? []),
};

console.log(JSON.stringify(await run(mode)));

// --- internal ---

async function run(which: string | undefined): Promise<ClientResult> {
  if (which === "latency") return await measureLatency(settings);
  if (which === "ttfb") return await measureTtfb(settings);
  if (which === "streams") return await checkConcurrentStreams(settings);
  if (which === "rate") {
    return await runSteadyRate({
      ...settings,
      rate: toCount("--rate", values.rate),
      seconds: toCount("--seconds", values.seconds),
      sseEvery: toCount("--sse-every", values["sse-every"]),
    });
  }
  if (which === "load") {
    return await runConstantLoad({
      url: settings.url,
      token: settings.token,
      workers: toCount("--workers", values.workers),
      recordFrom: toCount("--record-from", values["record-from"]),
      recordUntil: toCount("--record-until", values["record-until"]),
    });
  }
  return fail(
    `unknown mode ${JSON.stringify(which)}: expected latency, ttfb, streams, load or rate`,
  );
}

function parseHeaders(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) fail(`--header must look like 'name: value', got ${JSON.stringify(line)}`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function toCount(flag: string, value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) fail(`${flag} must be a whole number, got ${value}`);
  return count;
}

function fail(message: string): never {
  console.error(`bench client: ${message}`);
  process.exit(2);
}
