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

/** Sees the chunks of a stream as they pass; must be cheap and never throw. */
export type ChunkSink = { push(chunk: Uint8Array): void };

export type GuardOptions = {
  dialect: Dialect;
  /** An SSE stream gets an error event on failure; other bodies are errored. */
  eventStream: boolean;
  describeFailure: (error: unknown) => StreamFailure;
  /** Sees every upstream chunk as it arrives, before any transform. */
  upstreamTap?: ChunkSink | undefined;
  /** Sees every chunk the client is sent, after the transform (the same bytes without one). */
  clientTap?: ChunkSink | undefined;
  /** Changes what the client receives (the upstream byte count is unaffected). */
  transform?: StreamTransform | undefined;
};

export type GuardedStream = { body: ReadableStream<Uint8Array>; ended: Promise<StreamEnd> };

const encoder = new TextEncoder();

export function guardStream(
  source: ReadableStream<Uint8Array>,
  options: GuardOptions,
): GuardedStream {
  const guard = new Guard(defaultReader(source), options);
  const body = new ReadableStream<Uint8Array>(guard, { highWaterMark: 0 });
  return { body, ended: guard.ended };
}

// --- internal ---

/** The upstream body's default reader (`ReturnType` of the overloaded getReader is BYOB's). */
type BodyReader = ReturnType<typeof defaultReader>;

function defaultReader(source: ReadableStream<Uint8Array>) {
  return source.getReader();
}

/**
 * The guarded body's underlying source: a class, so that a stream costs one object and not a
 * closure per step (ReadableStream calls pull and cancel as its methods).
 */
class Guard {
  readonly ended: Promise<StreamEnd>;
  private bytes = 0;
  /** The last four bytes sent; starts as if after a blank line. */
  private tail = 0x0a0a;
  private readonly resolveEnded: (end: StreamEnd) => void;

  constructor(
    private readonly reader: BodyReader,
    private readonly options: GuardOptions,
  ) {
    const { promise, resolve } = Promise.withResolvers<StreamEnd>();
    this.ended = promise;
    this.resolveEnded = resolve;
  }

  async pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    const { transform, upstreamTap } = this.options;
    try {
      // a transform may hold a chunk back; keep reading until something goes out
      for (;;) {
        const { done, value } = await this.reader.read();
        if (done) {
          if (transform) this.send(controller, transform.flush());
          controller.close();
          this.end("complete");
          return;
        }
        this.bytes += value.byteLength;
        upstreamTap?.push(value);
        if (this.send(controller, transform ? transform.push(value) : value)) return;
      }
    } catch (error: unknown) {
      const failure = this.options.describeFailure(error);
      if (!this.options.eventStream) {
        controller.error(error);
      } else {
        if (transform) this.send(controller, transform.flush());
        // a cut mid-event would glue our event onto a partial line; finish that event first
        const prefix = endsAnEvent(this.tail) ? "" : "\n\n";
        controller.enqueue(
          encoder.encode(prefix + toErrorEvent(this.options.dialect, failure.error)),
        );
        controller.close();
      }
      this.end(failure.kind, failure.error);
    }
  }

  cancel(reason: unknown): Promise<void> {
    this.end("client_abort");
    return this.reader.cancel(reason);
  }

  // a promise settles once: every later end is ignored by construction
  private end(kind: StreamEnd["kind"], error?: WireError): void {
    const { bytes } = this;
    this.resolveEnded(error ? { kind, bytes, error } : { kind, bytes });
  }

  private send(
    controller: ReadableStreamDefaultController<Uint8Array>,
    chunk: Uint8Array | null,
  ): boolean {
    if (chunk === null || chunk.byteLength === 0) return false;
    this.tail = lastFourBytes(this.tail, chunk);
    this.options.clientTap?.push(chunk);
    controller.enqueue(chunk);
    return true;
  }
}

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
