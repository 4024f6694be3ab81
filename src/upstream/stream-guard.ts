// Passes an upstream SSE body through unbuffered; a failure after the first byte ends the
// client's stream with an error event in its dialect instead of a silent truncation.

import { type Dialect, toErrorEvent, type WireError } from "../shared/index.ts";

export type StreamEnd =
  | { kind: "complete"; bytes: number }
  | { kind: "failed"; bytes: number; error: WireError }
  | { kind: "cancelled"; bytes: number };

/** Rewrites a stream on its way to the client; `flush` hands over what it held back at the end. */
export type StreamTransform = {
  push(chunk: Uint8Array): Uint8Array | null;
  flush(): Uint8Array | null;
};

export type GuardOptions = {
  dialect: Dialect;
  /** Explains why the read failed (timeout, shutdown, upstream cut) in client-safe words. */
  describeFailure: (error: unknown) => WireError;
  /** Sees every upstream chunk as it arrives, before any transform. */
  onChunk?: (chunk: Uint8Array) => void;
  /** Changes what the client receives (the upstream byte count is unaffected). */
  transform?: StreamTransform;
  onEnd: (end: StreamEnd) => void;
};

const encoder = new TextEncoder();

export function guardStream(
  body: ReadableStream<Uint8Array>,
  options: GuardOptions,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let bytes = 0;
  let tail = 0x0a0a; // last four bytes sent; starts as if after a blank line
  let ended = false;
  const end = (result: StreamEnd) => {
    if (ended) return;
    ended = true;
    options.onEnd(result);
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const send = (chunk: Uint8Array | null) => {
          if (chunk === null || chunk.byteLength === 0) return false;
          tail = lastFourBytes(tail, chunk);
          controller.enqueue(chunk);
          return true;
        };
        try {
          // a transform may hold a chunk back; keep reading until something goes out
          for (;;) {
            const { done, value } = await reader.read();
            if (done) {
              if (options.transform) send(options.transform.flush());
              controller.close();
              end({ kind: "complete", bytes });
              return;
            }
            bytes += value.byteLength;
            options.onChunk?.(value);
            if (send(options.transform ? options.transform.push(value) : value)) return;
          }
        } catch (error: unknown) {
          const wire = options.describeFailure(error);
          if (options.transform) send(options.transform.flush());
          // A cut mid-event would glue our event onto a partial line; finish that event first.
          const prefix = endsAnEvent(tail) ? "" : "\n\n";
          controller.enqueue(encoder.encode(prefix + toErrorEvent(options.dialect, wire)));
          controller.close();
          end({ kind: "failed", bytes, error: wire });
        }
      },
      cancel(reason) {
        end({ kind: "cancelled", bytes });
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

// --- internal ---

function lastFourBytes(previous: number, chunk: Uint8Array): number {
  let tail = previous;
  for (let i = Math.max(0, chunk.byteLength - 4); i < chunk.byteLength; i++) {
    tail = ((tail << 8) | (chunk[i] ?? 0)) >>> 0;
  }
  return tail;
}

function endsAnEvent(tail: number): boolean {
  return (tail & 0xffff) === 0x0a0a || tail === 0x0d0a0d0a;
}
