// Per-request x-mock-* headers that let scripts steer the default reply without code.

export type MockOverrides = {
  /** x-mock-status: reply this status with an error body. */
  status?: number;
  /** x-mock-latency-ms: delay before the headers. */
  latencyMs: number;
  /** x-mock-chunks: content chunks in a stream. */
  chunks?: number;
  /** x-mock-interval-ms: spacing between stream events. */
  intervalMs?: number;
  /** x-mock-hang: 1 never answers. */
  hang: boolean;
  /** x-mock-disconnect-after: cut a stream after this many events. */
  disconnectAfter?: number;
  /** x-mock-body-bytes: pad the reply text to about this many bytes. */
  bodyBytes?: number;
};

export const overrideHeaders = {
  status: "x-mock-status",
  latencyMs: "x-mock-latency-ms",
  chunks: "x-mock-chunks",
  intervalMs: "x-mock-interval-ms",
  hang: "x-mock-hang",
  disconnectAfter: "x-mock-disconnect-after",
  bodyBytes: "x-mock-body-bytes",
  /** Tools to call, comma-separated, or "*" for every offered tool (scripted-features.ts). */
  toolCalls: "x-mock-tool-calls",
  /** Thinking text to send, or 1 for a default one. */
  thinking: "x-mock-thinking",
  cacheRead: "x-mock-cache-read",
  cacheWrite: "x-mock-cache-write",
} as const;

export function readOverrides(headers: Headers): MockOverrides {
  const hang = headers.get(overrideHeaders.hang);
  return {
    status: toCount(headers.get(overrideHeaders.status)),
    latencyMs: toCount(headers.get(overrideHeaders.latencyMs)) ?? 0,
    chunks: toCount(headers.get(overrideHeaders.chunks)),
    intervalMs: toCount(headers.get(overrideHeaders.intervalMs)),
    hang: hang !== null && hang !== "0" && hang !== "false",
    disconnectAfter: toCount(headers.get(overrideHeaders.disconnectAfter)),
    bodyBytes: toCount(headers.get(overrideHeaders.bodyBytes)),
  };
}

// --- internal ---

function toCount(value: string | null): number | undefined {
  if (value === null || value === "") return undefined;
  const count = Number(value);
  return Number.isFinite(count) && count >= 0 ? Math.floor(count) : undefined;
}
