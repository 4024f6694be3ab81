// Watches a streamed SSE response pass by and tells its usage at the end: what the upstream
// reported, with the rest estimated from the text streamed so far and from the request.

import { createBodyTailTap } from "./body-tail-tap.ts";
import { isRecord } from "./json-fields.ts";
import { estimateInputTokens } from "./request-text.ts";
import { createSseDataReader } from "./sse-data-reader.ts";
import { type StreamState, streamEventReader } from "./stream-events.ts";
import { noUsage, type StreamUsageTap, toUsage, type Usage, type UsageKind } from "./usage.ts";

export type { StreamUsageTap };

/** For an SSE stream, its events; for a large JSON body passed through, the usage at its end. */
export function createStreamUsageTap(
  kind: UsageKind,
  request: unknown,
  eventStream = true,
): StreamUsageTap {
  if (kind === "other") return otherTap;
  if (!eventStream) return createBodyTailTap(kind, request);
  const reader = streamEventReader(kind);
  const state: StreamState = { reported: {}, outputChars: 0 };
  const sse = createSseDataReader({
    maxEventBytes,
    onData(data) {
      if (!reader.markers.some((marker) => data.includes(marker))) return;
      const event = parseEvent(data);
      if (event) reader.read(event, state);
    },
  });
  let result: Usage | undefined;

  return {
    push(chunk) {
      if (result) return;
      try {
        sse.push(chunk);
      } catch {
        // a usage tap must never break the response it watches
      }
    },
    finish() {
      if (result) return result;
      try {
        sse.end();
      } catch {
        // as in push: whatever was read so far still counts
      }
      result = toUsage(state.reported, {
        input: () => estimateInputTokens(request),
        outputChars: state.outputChars,
      });
      return result;
    },
  };
}

// --- internal ---

// Responses API's response.completed repeats the whole output; beyond this, usage is estimated
const maxEventBytes = 8 * 1024 * 1024;

const otherTap: StreamUsageTap = {
  push() {},
  finish: () => noUsage,
};

function parseEvent(data: string): Record<string, unknown> | undefined {
  if (data === "[DONE]") return undefined;
  try {
    const event: unknown = JSON.parse(data);
    return isRecord(event) ? event : undefined;
  } catch {
    return undefined;
  }
}
