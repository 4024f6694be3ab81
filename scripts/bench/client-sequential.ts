// Sequential requests at concurrency 1: whole-response latency, or time to the first `data:`
// byte of a stream (TTFT).

import { chatBody, requestHeaders, streamShapeHeaders } from "./chat-request.ts";
import { summarize } from "./stats.ts";
import type { SequentialResult } from "./types.ts";

type SequentialOptions = {
  url: string;
  count: number;
  warmup: number;
  /** ttfb only: the shape of the mock's stream. */
  chunks: number;
  intervalMs: number;
  /** A client token to send as the bearer. */
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
  const shape = streamShapeHeaders(options.chunks, options.intervalMs);
  const headers = requestHeaders(options.token, shape);
  const init = { method: "POST", headers, body: chatBody(true) };
  return await measure("ttfb", options, async () => {
    const started = performance.now();
    const response = await fetch(options.url, withTimeout(init));
    const reader = response.body?.getReader();
    if (!reader) return { status: response.status, micros: Number.NaN };
    let micros = Number.NaN;
    // every chunk is read, so the connection is reused for the next sample
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      if (Number.isNaN(micros) && hasData(part.value))
        micros = (performance.now() - started) * 1000;
    }
    return { status: Number.isNaN(micros) ? 0 : response.status, micros };
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

const dataField = new TextEncoder().encode("data:");

/** Whether a chunk holds the start of an SSE data field (the first event's first byte). */
function hasData(chunk: Uint8Array): boolean {
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).includes(dataField);
}

function statusFailure(sample: Sample): string | undefined {
  return sample.status === 200 ? undefined : `status ${sample.status}`;
}

function withTimeout(init: RequestInit): RequestInit {
  return { ...init, signal: AbortSignal.timeout(requestTimeoutMs) };
}
