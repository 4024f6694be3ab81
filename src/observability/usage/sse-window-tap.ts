// Usage of an SSE stream from a window of it: the first bytes and the last, kept as the chunks
// pass (no copy, no parse), read once at the end. Every API reports usage at the end of a stream
// (Anthropic's input also in message_start, at its start), so the usage objects are found by a
// short scan. A stream without reported output (cut off, a client that left, an OpenAI stream
// that did not ask for usage) has its output estimated from the text of the kept events, scaled
// to the bytes not kept.

import { concatBytes, indexOfBytes, lastIndexOfBytes } from "../../shared/index.ts";
import { type ChunkTail, createChunkTail } from "./chunk-tail.ts";
import { estimateInputTokens } from "./request-text.ts";
import { streamedTextChars } from "./stream-text-scan.ts";
import type { UsageKind } from "./usage.ts";
import {
  mergeReported,
  type ReportedUsage,
  type StreamUsageTap,
  toUsage,
  type Usage,
} from "./usage.ts";
import { readUsage } from "./usage-from-body.ts";
import { findUsageObject } from "./usage-object.ts";

/** The start of the stream: Anthropic's message_start, and text to estimate from. */
const headBytes = 8 * 1024;
/** Enough for the last events and their usage object. */
const tailBytes = 16 * 1024;
const messageDelta = Buffer.from('"message_delta"');
const eventEnd = Buffer.from("\n\n");

type StreamedKind = Exclude<UsageKind, "other">;

export function createSseWindowTap(kind: StreamedKind, request: unknown): StreamUsageTap {
  return new SseWindowTap(kind, request);
}

// --- internal ---

/** A class, not closures: every stream makes one, and it lives as long as the stream. */
class SseWindowTap implements StreamUsageTap {
  private readonly head: Uint8Array[] = [];
  private headKept = 0;
  private readonly tail = createChunkTail(tailBytes);
  private total = 0;
  private result: Usage | undefined;

  constructor(
    private readonly kind: StreamedKind,
    private readonly request: unknown,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.result) return;
    this.total += chunk.byteLength;
    if (this.headKept < headBytes) {
      this.head.push(chunk);
      this.headKept += chunk.byteLength;
      return;
    }
    this.tail.push(chunk);
  }

  finish(): Usage {
    if (this.result) return this.result;
    const { kind, request, head, headKept, tail, total } = this;
    try {
      this.result = usageOf(kind, request, { head, headKept, tail, total });
    } catch {
      // a usage tap must never break the response it watches
      this.result = toUsage({}, { input: () => estimateInputTokens(request), outputChars: total });
    }
    head.length = 0;
    tail.clear();
    return this.result;
  }
}

type Window = { head: Uint8Array[]; headKept: number; tail: ChunkTail; total: number };

function usageOf(kind: StreamedKind, request: unknown, window: Window): Usage {
  const { head, headKept, tail, total } = window;
  // nothing dropped between head and tail: read them as one (an event may straddle the seam),
  // joined in one copy; the start (Anthropic's message_start) is a view of it. A tail holding a
  // large chunk whole is read as its last bytes instead.
  const held = tail.heldBytes();
  const complete = headKept + held === total && held <= tailBytes;
  const whole = complete ? concatBytes([...head, ...tail.pieces()]) : undefined;
  const end = whole ?? tail.bytes();
  const startOf = () => (whole ? whole.subarray(0, headKept) : concatBytes(head));
  const reported: ReportedUsage = {};
  if (kind === "anthropic_messages") {
    // message_start's output_tokens is a placeholder (0 or 1): only its input counts
    const { output: _placeholder, ...input } = readUsage(kind, findUsageObject(startOf(), "first"));
    mergeReported(reported, input);
  }
  mergeReported(reported, readUsage(kind, findUsageObject(finalEvents(kind, end))));
  const estimate = { input: () => estimateInputTokens(request), outputChars: 0 };
  if (reported.output !== undefined) return toUsage(reported, estimate);
  estimate.outputChars = whole
    ? streamedTextChars(kind, whole)
    : scaledOutputChars(kind, startOf(), end, total);
  return toUsage(reported, estimate);
}

/**
 * Where the final usage can be: Anthropic's is in message_delta (the only other usage object,
 * message_start's, must not be taken for it); every other API's is the last one.
 */
function finalEvents(kind: StreamedKind, bytes: Uint8Array): Uint8Array {
  if (kind !== "anthropic_messages") return bytes;
  const at = lastIndexOfBytes(bytes, messageDelta);
  return at === -1 ? new Uint8Array(0) : bytes.subarray(at);
}

/** The text of the kept events, scaled up to the bytes that were not kept. */
function scaledOutputChars(
  kind: StreamedKind,
  start: Uint8Array,
  end: Uint8Array,
  total: number,
): number {
  // the tail starts inside an event: from the first event boundary on
  const boundary = indexOfBytes(end, eventEnd);
  const whole = boundary === -1 ? new Uint8Array(0) : end.subarray(boundary + 2);
  const read = start.byteLength + whole.byteLength;
  const chars = streamedTextChars(kind, start) + streamedTextChars(kind, whole);
  return read === 0 ? total : Math.ceil((chars * total) / read);
}
