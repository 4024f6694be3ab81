// The Usage record, and how reported counts and text estimates combine into one. One token
// convention whatever the upstream's (DESIGN.md, cost and budgets): input_tokens counts every
// input token, and cache reads and writes are parts of it.

export type Usage = {
  /** Every input token, cache reads and writes included. */
  input_tokens: number;
  output_tokens: number;
  /** Input tokens read from the upstream's prompt cache (part of input_tokens); 0 if absent. */
  cache_read_tokens: number;
  /** Input tokens written to the upstream's prompt cache (part of input_tokens); 0 if absent. */
  cache_write_tokens: number;
  /** The wave-1 name of cache_read_tokens, kept as an alias for one release. */
  cached_tokens: number;
  /** true when the upstream sent no usage and the numbers are estimated from text (chars/4, rounded up). */
  estimated: boolean;
};

export type StreamUsageTap = {
  /** Feed every chunk exactly as it passes; never throws. Ignored after finish(). */
  push(chunk: Uint8Array): void;
  /**
   * Usage so far: upstream-reported values when seen, else estimated from the text streamed so
   * far (output) and the request (input). Call at stream end or on disconnect; later calls return
   * the same.
   */
  finish(): Usage;
};

/** Which response shape to expect, from the request path. */
export type UsageKind =
  | "openai_chat"
  | "openai_completion"
  | "openai_responses"
  | "openai_embeddings"
  | "anthropic_messages"
  | "other";

/**
 * Counts the upstream reported; a missing field is estimated instead. `input` counts all input
 * (OpenAI's convention); `uncachedInput` is input without cache reads and writes (Anthropic's),
 * kept apart so that stream events carrying only some of the fields merge correctly.
 */
export type ReportedUsage = {
  input?: number;
  uncachedInput?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
};

export type UsageEstimate = { input(): number; outputChars: number };

export const noUsage: Usage = {
  input_tokens: 0,
  output_tokens: 0,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  cached_tokens: 0,
  estimated: false,
};

export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export function toUsage(reported: ReportedUsage, estimate: UsageEstimate): Usage {
  const cacheRead = reported.cacheRead ?? 0;
  const cacheWrite = reported.cacheWrite ?? 0;
  const input =
    reported.input ??
    (reported.uncachedInput === undefined
      ? estimate.input()
      : reported.uncachedInput + cacheRead + cacheWrite);
  return {
    // the cache counts are parts of the input: never more than it, even from an odd upstream
    input_tokens: Math.max(input, cacheRead + cacheWrite),
    output_tokens: reported.output ?? estimateTokens(estimate.outputChars),
    cache_read_tokens: cacheRead,
    cache_write_tokens: cacheWrite,
    cached_tokens: cacheRead,
    estimated:
      (reported.input === undefined && reported.uncachedInput === undefined) ||
      reported.output === undefined,
  };
}

/** Copies the fields `from` has over those of `into` (later usage events are cumulative). */
export function mergeReported(into: ReportedUsage, from: ReportedUsage): void {
  if (from.input !== undefined) into.input = from.input;
  if (from.uncachedInput !== undefined) into.uncachedInput = from.uncachedInput;
  if (from.output !== undefined) into.output = from.output;
  if (from.cacheRead !== undefined) into.cacheRead = from.cacheRead;
  if (from.cacheWrite !== undefined) into.cacheWrite = from.cacheWrite;
}
