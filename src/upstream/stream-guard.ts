// Passes an upstream SSE body through unbuffered; a failure after the first byte ends the
// client's stream with an error event in its dialect instead of a silent truncation.

import { type Dialect, toErrorEvent, type WireError } from "../shared/index.ts";

export type StreamEnd =
  | { kind: "complete"; bytes: number }
  | { kind: "failed"; bytes: number; error: WireError }
  | { kind: "cancelled"; bytes: number };

export type GuardOptions = {
  dialect: Dialect;
  /** Explains why the read failed (timeout, shutdown, upstream cut) in client-safe words. */
  describeFailure: (error: unknown) => WireError;
  onChunk?: (chunk: Uint8Array) => void;
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
        try {
          const { done, value } = await reader.read();
          if (done) {
            controller.close();
            end({ kind: "complete", bytes });
            return;
          }
          bytes += value.byteLength;
          tail = lastFourBytes(tail, value);
          options.onChunk?.(value);
          controller.enqueue(value);
        } catch (error: unknown) {
          const wire = options.describeFailure(error);
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
