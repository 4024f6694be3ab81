// A steady request rate (the soak): requests start on a fixed schedule whether or not earlier ones
// have finished, alternating JSON answers and short streams, each checked.

import { chatBody, requestHeaders, streamShapeHeaders } from "./chat-request.ts";
import { countReasons } from "./client-streams.ts";
import { findStreamDefect } from "./sse-check.ts";
import { summarize } from "./stats.ts";
import type { RateResult } from "./types.ts";

type RateOptions = {
  url: string;
  /** Requests per second. */
  rate: number;
  seconds: number;
  /** Every n-th request is a stream of `chunks` spaced `intervalMs`; the rest are JSON. */
  sseEvery: number;
  chunks: number;
  intervalMs: number;
  token?: string | undefined;
};

const tickMs = 10;
const maxInFlight = 4096;
const requestTimeoutMs = 30_000;

export async function runSteadyRate(options: RateOptions): Promise<RateResult> {
  const times = { json: [] as number[], sse: [] as number[] };
  const reasons: string[] = [];
  const inFlight = new Set<Promise<void>>();
  const counts = { sent: 0, ok: 0, skipped: 0 };
  const send = (index: number): void => {
    const kind = options.sseEvery > 0 && index % options.sseEvery === 0 ? "sse" : "json";
    const started = performance.now();
    const request = sendOne(options, kind).then((failure) => {
      inFlight.delete(request);
      if (failure !== undefined) return void reasons.push(failure);
      counts.ok++;
      times[kind].push(performance.now() - started);
    });
    inFlight.add(request);
  };
  const start = performance.now();
  const total = Math.round(options.rate * options.seconds);
  for (let index = 0; index < total; ) {
    // catch up on whatever fell due since the last tick, so timer jitter does not lower the rate
    const due = Math.min(total, Math.floor(((performance.now() - start) * options.rate) / 1000));
    for (; index < due; index++) {
      if (inFlight.size >= maxInFlight) {
        counts.skipped++;
        continue;
      }
      counts.sent++;
      send(index);
    }
    await Bun.sleep(tickMs);
  }
  await Promise.all(inFlight);
  return {
    mode: "rate",
    seconds: (performance.now() - start) / 1000,
    ...counts,
    failed: reasons.length,
    json: summarize(times.json),
    sse: summarize(times.sse),
    failures: countReasons(reasons),
  };
}

// --- internal ---

/** undefined when the answer was whole and right, else why not. */
async function sendOne(options: RateOptions, kind: "json" | "sse"): Promise<string | undefined> {
  const shape = kind === "sse" ? streamShapeHeaders(options.chunks, options.intervalMs) : {};
  try {
    const response = await fetch(options.url, {
      method: "POST",
      headers: requestHeaders(options.token, shape),
      body: chatBody(kind === "sse"),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    const text = await response.text();
    if (response.status !== 200) return `${kind}: status ${response.status}`;
    if (kind === "json") return undefined;
    const defect = findStreamDefect(text, options.chunks);
    return defect === undefined ? undefined : `sse: ${defect}`;
  } catch (error: unknown) {
    return `${kind}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
}
