// Constant load: workers each send sequential non-streaming requests until a deadline, and every
// request's start, latency, status and serving provider is recorded.

import { chatBody, headersWithToken } from "./chat-request.ts";
import { countReasons } from "./client-streams.ts";
import type { LoadResult } from "./types.ts";

type LoadOptions = {
  url: string;
  workers: number;
  /** Epoch ms: requests before this are warm-up, none start at or after recordUntil. */
  recordFrom: number;
  recordUntil: number;
  token?: string | undefined;
};

const requestTimeoutMs = 10_000;

export async function runConstantLoad(options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = {
    mode: "load",
    recordFrom: options.recordFrom,
    recordUntil: options.recordUntil,
    startedAt: [],
    micros: [],
    status: [],
    attempts: [],
    provider: [],
    failures: [],
  };
  const reasons: string[] = [];
  const init = { method: "POST", headers: headersWithToken(options.token), body: chatBody(false) };
  const worker = async (): Promise<void> => {
    for (;;) {
      const startedAt = epochMs();
      if (startedAt >= options.recordUntil) return;
      const sample = await sendOne(options.url, init);
      if (startedAt < options.recordFrom) continue;
      result.startedAt.push(round(startedAt, 3));
      result.micros.push(Math.round((epochMs() - startedAt) * 1000));
      result.status.push(sample.status);
      result.attempts.push(sample.attempts);
      result.provider.push(sample.provider);
      if (sample.failure !== undefined) reasons.push(sample.failure);
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  result.failures = countReasons(reasons);
  return result;
}

// --- internal ---

type Sample = { status: number; attempts: number; provider: string; failure?: string };

async function sendOne(url: string, init: RequestInit): Promise<Sample> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(requestTimeoutMs) });
    await response.arrayBuffer();
    const sample = {
      status: response.status,
      attempts: Number(response.headers.get("x-llm-proxy-attempts") ?? 0),
      provider: response.headers.get("x-llm-proxy-provider") ?? "",
    };
    return response.status === 200 ? sample : { ...sample, failure: `status ${response.status}` };
  } catch (error: unknown) {
    const failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { status: 0, attempts: 0, provider: "", failure };
  }
}

/** Wall-clock time with sub-millisecond precision. */
function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
