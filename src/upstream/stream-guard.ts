// Passes an upstream body through unbuffered and says, once, how it ended. An SSE stream that
// fails after its first byte ends with an error event in the client's dialect instead of a
// silent truncation; any other body is errored, so the client sees a cut, never a short answer.

import { type Dialect, toErrorEvent, type WireError } from "../shared/index.ts";

/** How a passed-through body ended: the one end the pipeline settles everything from. */
export type StreamEnd = {
  kind: "complete" | "upstream_cut" | "client_abort" | "timeout" | "shutdown";
  /** Upstream bytes read. */
  bytes: number;
  /** What the client was told when the stream failed. */
  error?: WireError;
};

/** Rewrites a stream on its way to the client; `flush` hands over what it held back at the end. */
export type StreamTransform = {
  push(chunk: Uint8Array): Uint8Array | null;
  flush(): Uint8Array | null;
};

/** Why a read failed, in client-safe words, and which kind of end that is. */
export type StreamFailure = {
  kind: "upstream_cut" | "timeout" | "shutdown" | "client_abort";
  error: WireError;
};

export type GuardOptions = {
  dialect: Dialect;
  /** An SSE stream gets an error event on failure; other bodies are errored. */
  eventStream: boolean;
  describeFailure: (error: unknown) => StreamFailure;
  /** Sees every upstream chunk as it arrives, before any transform. */
  onChunk?: ((chunk: Uint8Array) => void) | undefined;
  /** Sees every chunk the client is sent, after the transform (the same bytes without one). */
  onSend?: ((chunk: Uint8Array) => void) | undefined;
  /** Changes what the client receives (the upstream byte count is unaffected). */
  transform?: StreamTransform | undefined;
};

export type GuardedStream = { body: ReadableStream<Uint8Array>; ended: Promise<StreamEnd> };

const encoder = new TextEncoder();

export function guardStream(
  source: ReadableStream<Uint8Array>,
  options: GuardOptions,
): GuardedStream {
  const reader = source.getReader();
  const { onChunk, onSend, transform } = options;
  let bytes = 0;
  let tail = 0x0a0a; // last four bytes sent; starts as if after a blank line
  let resolveEnded: (end: StreamEnd) => void = () => {};
  const ended = new Promise<StreamEnd>((resolve) => {
    resolveEnded = resolve;
  });
  // a promise settles once: every later end is ignored by construction
  const end = (kind: StreamEnd["kind"], error?: WireError) =>
    resolveEnded(error ? { kind, bytes, error } : { kind, bytes });

  // made once, not per pull: a pull is a chunk
  const send = (
    controller: ReadableStreamDefaultController<Uint8Array>,
    chunk: Uint8Array | null,
  ): boolean => {
    if (chunk === null || chunk.byteLength === 0) return false;
    tail = lastFourBytes(tail, chunk);
    onSend?.(chunk);
    controller.enqueue(chunk);
    return true;
  };

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          // a transform may hold a chunk back; keep reading until something goes out
          for (;;) {
            const { done, value } = await reader.read();
            if (done) {
              if (transform) send(controller, transform.flush());
              controller.close();
              end("complete");
              return;
            }
            bytes += value.byteLength;
            onChunk?.(value);
            if (send(controller, transform ? transform.push(value) : value)) return;
          }
        } catch (error: unknown) {
          const failure = options.describeFailure(error);
          if (!options.eventStream) {
            controller.error(error);
          } else {
            if (transform) send(controller, transform.flush());
            // a cut mid-event would glue our event onto a partial line; finish that event first
            const prefix = endsAnEvent(tail) ? "" : "\n\n";
            controller.enqueue(
              encoder.encode(prefix + toErrorEvent(options.dialect, failure.error)),
            );
            controller.close();
          }
          end(failure.kind, failure.error);
        }
      },
      cancel(reason) {
        end("client_abort");
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, ended };
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
