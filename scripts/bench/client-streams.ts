// Opens many streaming chat completions at once and counts how many arrive intact.

import { chatBody, requestHeaders, streamShapeHeaders } from "./chat-request.ts";
import { findStreamDefect } from "./sse-check.ts";
import type { Failures, StreamsResult } from "./types.ts";

type StreamsOptions = {
  url: string;
  count: number;
  chunks: number;
  intervalMs: number;
  token?: string | undefined;
};

const streamTimeoutMs = 60_000;
const maxReasons = 5;

export async function checkConcurrentStreams(options: StreamsOptions): Promise<StreamsResult> {
  const shape = streamShapeHeaders(options.chunks, options.intervalMs);
  const headers = requestHeaders(options.token, shape);
  const body = chatBody(true);
  const started = performance.now();
  const defects = await Promise.all(
    Array.from({ length: options.count }, () => readOneStream(options, headers, body)),
  );
  const wallMs = performance.now() - started;
  const failed = defects.filter((defect): defect is string => defect !== undefined);
  return {
    mode: "streams",
    opened: options.count,
    intact: options.count - failed.length,
    failures: countReasons(failed),
    wallMs,
  };
}

/** The most frequent reasons first, with how often each happened. */
export function countReasons(reasons: readonly string[]): Failures {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, maxReasons)
    .map(([reason, count]) => ({ reason, count }));
}

// --- internal ---

async function readOneStream(
  options: StreamsOptions,
  headers: Record<string, string>,
  body: string,
): Promise<string | undefined> {
  try {
    const signal = AbortSignal.timeout(streamTimeoutMs);
    const response = await fetch(options.url, { method: "POST", headers, body, signal });
    const text = await response.text();
    if (response.status !== 200) return `status ${response.status}`;
    return findStreamDefect(text, options.chunks);
  } catch (error: unknown) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}
