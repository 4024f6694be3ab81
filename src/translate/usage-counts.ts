// Usage in each dialect's own convention. OpenAI's prompt_tokens include cached and cache-written
// tokens (prompt_tokens_details names them); Anthropic's input_tokens exclude both.

import { numberAt, recordAt } from "./json-values.ts";

export type UsageCounts = {
  /** Input tokens neither read from nor written to the cache. */
  uncachedInput: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  /** Reasoning tokens, when the upstream reports them apart (part of output). */
  reasoning?: number;
};

export const zeroUsage: UsageCounts = { uncachedInput: 0, cacheRead: 0, cacheWrite: 0, output: 0 };

export function readAnthropicUsage(usage: unknown): UsageCounts {
  return {
    uncachedInput: numberAt(usage, "input_tokens") ?? 0,
    cacheRead: numberAt(usage, "cache_read_input_tokens") ?? 0,
    cacheWrite: numberAt(usage, "cache_creation_input_tokens") ?? 0,
    output: numberAt(usage, "output_tokens") ?? 0,
  };
}

/** message_delta counts are cumulative totals; a missing or null one keeps message_start's. */
export function mergeAnthropicUsage(usage: UsageCounts, delta: unknown): UsageCounts {
  const reported = readAnthropicUsage(delta);
  const has = (key: string) => numberAt(delta, key) !== undefined;
  return {
    uncachedInput: has("input_tokens") ? reported.uncachedInput : usage.uncachedInput,
    cacheRead: has("cache_read_input_tokens") ? reported.cacheRead : usage.cacheRead,
    cacheWrite: has("cache_creation_input_tokens") ? reported.cacheWrite : usage.cacheWrite,
    output: has("output_tokens") ? reported.output : usage.output,
  };
}

export function readChatUsage(usage: unknown): UsageCounts {
  const details = recordAt(usage, "prompt_tokens_details");
  const cacheRead = numberAt(details, "cached_tokens") ?? 0;
  const cacheWrite = numberAt(details, "cache_write_tokens") ?? 0;
  const prompt = numberAt(usage, "prompt_tokens") ?? 0;
  const reasoning = numberAt(recordAt(usage, "completion_tokens_details"), "reasoning_tokens");
  return {
    uncachedInput: Math.max(0, prompt - cacheRead - cacheWrite),
    cacheRead,
    cacheWrite,
    output: numberAt(usage, "completion_tokens") ?? 0,
    ...(reasoning === undefined ? {} : { reasoning }),
  };
}

export function toAnthropicUsage(counts: UsageCounts): Record<string, number> {
  return {
    input_tokens: counts.uncachedInput,
    cache_creation_input_tokens: counts.cacheWrite,
    cache_read_input_tokens: counts.cacheRead,
    output_tokens: counts.output,
  };
}

export function toChatUsage(counts: UsageCounts): Record<string, unknown> {
  const prompt = allInput(counts);
  return {
    prompt_tokens: prompt,
    completion_tokens: counts.output,
    total_tokens: prompt + counts.output,
    prompt_tokens_details: {
      cached_tokens: counts.cacheRead,
      cache_write_tokens: counts.cacheWrite,
    },
    ...(counts.reasoning === undefined
      ? {}
      : { completion_tokens_details: { reasoning_tokens: counts.reasoning } }),
  };
}

export function toResponsesUsage(counts: UsageCounts): Record<string, unknown> {
  const input = allInput(counts);
  return {
    input_tokens: input,
    input_tokens_details: {
      cached_tokens: counts.cacheRead,
      cache_write_tokens: counts.cacheWrite,
    },
    output_tokens: counts.output,
    output_tokens_details: { reasoning_tokens: counts.reasoning ?? 0 },
    total_tokens: input + counts.output,
  };
}

// --- internal ---

function allInput(counts: UsageCounts): number {
  return counts.uncachedInput + counts.cacheRead + counts.cacheWrite;
}
