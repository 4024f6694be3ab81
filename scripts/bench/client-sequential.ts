// Sequential requests at concurrency 1: whole-response latency or time to first streamed byte.

import { chatBody, chatHeaders, requestHeaders, streamShapeHeaders } from "./chat-request.ts";
import { summarize } from "./stats.ts";
import type { SequentialResult } from "./types.ts";

export type SequentialOptions = {
  url: string;
  count: number;
  warmup: number;
  /** ttfb only: the shape of the mock's stream. */
  chunks: number;
  intervalMs: number;
  /** latency only: a client token to send as the bearer. */
  token?: string | undefined;
  /** latency only: more request headers. */
  headers?: Readonly<Record<string, string>>;
};

const requestTimeoutMs = 10_000;

export async function measureLatency(options: SequentialOptions): Promise<SequentialResult> {
  const headers = requestHeaders(options.token, options.headers);
  const init = { method: "POST", headers, body: chatBody(false) };
  return await measure("latency", options, async () => {
    const started = performance.now();
    const response = await fetch(options.url, withTimeout(init));
    await response.arrayBuffer();
    return { status: response.status, micros: (performance.now() - started) * 1000 };
  });
}

export async function measureTtfb(options: SequentialOptions): Promise<SequentialResult> {
  const headers = { ...chatHeaders, ...streamShapeHeaders(options.chunks, options.intervalMs) };
  const init = { method: "POST", headers, body: chatBody(true) };
  return await measure("ttfb", options, async () => {
    const started = performance.now();
    const response = await fetch(options.url, withTimeout(init));
    const reader = response.body?.getReader();
    if (!reader) return { status: response.status, micros: Number.NaN };
    const first = await reader.read();
    const micros = (performance.now() - started) * 1000;
    // read the rest so the connection is reused for the next sample
    let done = first.done;
    while (!done) done = (await reader.read()).done;
    return { status: first.value === undefined ? 0 : response.status, micros };
  });
}

// --- internal ---

type Sample = { status: number; micros: number };

async function measure(
  mode: SequentialResult["mode"],
  options: SequentialOptions,
  once: () => Promise<Sample>,
): Promise<SequentialResult> {
  const times: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  for (let i = 0; i < options.warmup + options.count; i++) {
    const outcome = await once().catch((error: unknown) => String(error));
    const failure = typeof outcome === "string" ? outcome : statusFailure(outcome);
    if (failure !== undefined) {
      errors++;
      firstError ??= failure;
    } else if (i >= options.warmup && typeof outcome !== "string") {
      times.push(outcome.micros);
    }
  }
  return { mode, samples: summarize(times), errors, ...(firstError ? { firstError } : {}) };
}

function statusFailure(sample: Sample): string | undefined {
  return sample.status === 200 ? undefined : `status ${sample.status}`;
}

function withTimeout(init: RequestInit): RequestInit {
  return { ...init, signal: AbortSignal.timeout(requestTimeoutMs) };
}
