// Replies that never finish: no answer at all, or headers and one ping then silence.

import { sseHeaders } from "./sse-response.ts";
import type { RecordedRequest } from "./types.ts";

/** Settles only when the client aborts (Bun discards the late response). */
export function hangUntilAbort(req: Request, recorded: RecordedRequest): Promise<Response> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      recorded.aborted = true;
      resolve(new Response(null, { status: 499 }));
    };
    if (req.signal.aborted) onAbort();
    else req.signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** 200 with SSE headers and ": ping\n\n", then nothing until the client goes away. */
export function toHangAfterHeadersResponse(): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(ping);
    },
  });
  return new Response(stream, { headers: sseHeaders });
}

// --- internal ---

const ping = new TextEncoder().encode(": ping\n\n");
