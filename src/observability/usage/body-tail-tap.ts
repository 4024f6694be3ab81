// Usage of a large JSON answer that passes through as it comes: only its last bytes are kept,
// because every API puts the usage object after the content.

import { createChunkTail } from "./chunk-tail.ts";
import { estimateInputTokens } from "./request-text.ts";
import { type StreamUsageTap, toUsage, type Usage, type UsageKind } from "./usage.ts";
import { readUsage } from "./usage-from-body.ts";
import { findUsageObject } from "./usage-object.ts";

/** Enough for any usage object and what follows it. */
const tailBytes = 16 * 1024;

export function createBodyTailTap(
  kind: Exclude<UsageKind, "other">,
  request: unknown,
): StreamUsageTap {
  return new BodyTailTap(kind, request);
}

// --- internal ---

/** A class, not closures: every large answer makes one. */
class BodyTailTap implements StreamUsageTap {
  private readonly tail = createChunkTail(tailBytes);
  private total = 0;
  private result: Usage | undefined;

  constructor(
    private readonly kind: Exclude<UsageKind, "other">,
    private readonly request: unknown,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.result) return;
    this.total += chunk.byteLength;
    this.tail.push(chunk);
  }

  finish(): Usage {
    if (this.result) return this.result;
    const { request } = this;
    const reported = readUsage(this.kind, findUsageObject(this.tail.bytes()));
    this.tail.clear();
    // without a usage object the output is estimated from the size (JSON punctuation included)
    this.result = toUsage(reported, {
      input: () => estimateInputTokens(request),
      outputChars: this.total,
    });
    return this.result;
  }
}
