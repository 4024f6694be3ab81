// A response from the cache: the stored JSON, or the stored stream replayed event by event, with
// x-cache-status HIT and the entry's age.

import { type CacheEntry, splitSseEvents } from "../cache/index.ts";
import type { StreamTransform } from "../upstream/index.ts";
import { type CallerHeaders, setCallerHeaders } from "./client-response.ts";

export type CachedResponseOptions = CallerHeaders & {
  /** Wall-clock now, for the entry's age. */
  now: number;
  /** Time since the request arrived: all of it is the proxy's own. */
  elapsedMs: number;
  /** Applied to a replayed stream, as it was to the original (include_stream_usage). */
  transform: StreamTransform | undefined;
};

export function cachedResponse(entry: CacheEntry, options: CachedResponseOptions): Response {
  const headers = new Headers({
    "content-type": entry.contentType,
    "x-cache-status": "HIT",
    age: String(Math.max(0, Math.floor((options.now - entry.storedAt) / 1000))),
    "x-llm-proxy-attempts": "0",
    "x-llm-proxy-overhead-ms": options.elapsedMs.toFixed(3),
  });
  setCallerHeaders(headers, options, entry.streamed);
  if (!entry.streamed) return new Response(entry.body, { status: entry.status, headers });
  return new Response(replay(entry.body, options.transform), { status: entry.status, headers });
}

// --- internal ---

function replay(
  body: Uint8Array,
  transform: StreamTransform | undefined,
): ReadableStream<Uint8Array> {
  const events = splitSseEvents(body);
  let next = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        for (;;) {
          const event = events[next++];
          if (event === undefined) {
            const rest = transform?.flush();
            if (rest) controller.enqueue(rest);
            controller.close();
            return;
          }
          const out = transform ? transform.push(event) : event;
          if (out && out.byteLength > 0) {
            controller.enqueue(out);
            return;
          }
        }
      },
    },
    { highWaterMark: 0 },
  );
}
