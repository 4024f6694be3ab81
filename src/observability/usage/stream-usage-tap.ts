// Watches a streamed response pass by and tells its usage at the end: what the upstream
// reported, with the rest estimated from the text streamed and from the request.

import { createBodyTailTap } from "./body-tail-tap.ts";
import { createSseWindowTap } from "./sse-window-tap.ts";
import { noUsage, type StreamUsageTap, type UsageKind } from "./usage.ts";

export type { StreamUsageTap };

/** For an SSE stream, a window of its events; for a large JSON body, the usage at its end. */
export function createStreamUsageTap(
  kind: UsageKind,
  request: unknown,
  eventStream = true,
): StreamUsageTap {
  if (kind === "other") return otherTap;
  return eventStream ? createSseWindowTap(kind, request) : createBodyTailTap(kind, request);
}

// --- internal ---

const otherTap: StreamUsageTap = {
  push() {},
  finish: () => noUsage,
};
