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
  const tail = createChunkTail(tailBytes);
  let total = 0;
  let result: Usage | undefined;
  return {
    push(chunk) {
      if (result) return;
      total += chunk.byteLength;
      tail.push(chunk);
    },
    finish() {
      if (result) return result;
      const reported = readUsage(kind, findUsageObject(tail.bytes()));
      tail.clear();
      // without a usage object the output is estimated from the size (JSON punctuation included)
      result = toUsage(reported, { input: () => estimateInputTokens(request), outputChars: total });
      return result;
    },
  };
}
