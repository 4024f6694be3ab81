// Streams SSE events as they fall due, without buffering, and can cut the connection mid-stream.

export type SseResponseOptions = {
  /** Spacing between events; the first event goes out with the headers. */
  intervalMs?: number;
  status?: number;
  headers?: Record<string, string>;
  /** After this many events, error the stream: Bun drops the socket with no terminating chunk. */
  disconnectAfter?: number;
};

export const sseHeaders = { "content-type": "text/event-stream", "cache-control": "no-cache" };

/**
 * The cut waits at least this long after the last event. Bun writes a tick's chunks together, so
 * an error in the same tick discards them; and Bun's fetch drops chunks its reader has not taken
 * yet when the socket closes, so a short pause lets a reader that keeps up see all N events.
 */
export const minCutDelayMs = 10;

export function toSseResponse(
  events: readonly string[],
  options: SseResponseOptions = {},
): Response {
  const headers = options.headers ? { ...sseHeaders, ...options.headers } : sseHeaders;
  return new Response(toSseStream(events, options), { status: options.status ?? 200, headers });
}

export function toSseStream(
  events: readonly string[],
  options: SseResponseOptions = {},
): ReadableStream<Uint8Array> {
  const intervalMs = options.intervalMs ?? 0;
  const cutAfter = options.disconnectAfter;
  if (intervalMs <= 0 && cutAfter === undefined) return allAtOnce(events);
  const limit = cutAfter === undefined ? events.length : Math.min(cutAfter, events.length);
  const pause = createPause();
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (sent >= limit && cutAfter === undefined) return controller.close();
        if (sent > 0 || sent >= limit) {
          await pause.wait(sent >= limit ? Math.max(intervalMs, minCutDelayMs) : intervalMs);
        }
        if (pause.cancelled) return;
        if (sent >= limit) return controller.error();
        controller.enqueue(encoder.encode(`${events[sent++]}\n\n`));
      },
      cancel: () => pause.cancel(),
    },
    // pull only when the consumer wants more, so each event is produced when it is due
    { highWaterMark: 0 },
  );
}

// --- internal ---

const encoder = new TextEncoder();

/** Everything is due at once: one chunk, still sent chunked like a real provider's stream. */
function allAtOnce(events: readonly string[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (events.length > 0) controller.enqueue(encoder.encode(`${events.join("\n\n")}\n\n`));
      controller.close();
    },
  });
}

type Pause = { wait(ms: number): Promise<void>; cancel(): void; readonly cancelled: boolean };

/** One cancellable timer per stream; Bun cancels the stream when the client goes away. */
function createPause(): Pause {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;
  let cancelled = false;
  return {
    wait(ms) {
      if (ms <= 0 || cancelled) return Promise.resolve();
      return new Promise((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, ms);
      });
    },
    cancel() {
      cancelled = true;
      clearTimeout(timer);
      wake?.();
    },
    get cancelled() {
      return cancelled;
    },
  };
}
