// Maps each API's usage object onto ReportedUsage; fields absent from the object stay undefined.
// OpenAI counts cached tokens inside prompt_tokens / input_tokens; Anthropic's input_tokens
// excludes cache_read_input_tokens and cache_creation_input_tokens (toUsage adds them back).

import { countAt, recordAt } from "./json-fields.ts";
import type { ReportedUsage } from "./usage.ts";

/** Chat and legacy completions: prompt_tokens, completion_tokens, prompt_tokens_details. */
export function readOpenAIUsage(usage: unknown): ReportedUsage {
  const details = recordAt(usage, "prompt_tokens_details");
  return {
    input: countAt(usage, "prompt_tokens"),
    output: countAt(usage, "completion_tokens"),
    // DeepSeek's own name for the cache hits, when the OpenAI-style details are missing
    cacheRead: countAt(details, "cached_tokens") ?? countAt(usage, "prompt_cache_hit_tokens"),
    cacheWrite: countAt(details, "cache_write_tokens"),
  };
}

/** Embeddings produce no output tokens, so only the input can be missing. */
export function readEmbeddingsUsage(usage: unknown): ReportedUsage {
  return { ...readOpenAIUsage(usage), output: 0 };
}

/** Responses API: input_tokens, output_tokens, input_tokens_details. */
export function readResponsesUsage(usage: unknown): ReportedUsage {
  const details = recordAt(usage, "input_tokens_details");
  return {
    input: countAt(usage, "input_tokens"),
    output: countAt(usage, "output_tokens"),
    cacheRead: countAt(details, "cached_tokens"),
    cacheWrite: countAt(details, "cache_write_tokens"),
  };
}

/** Anthropic Messages: input_tokens (without the cache), cache reads and writes, output_tokens. */
export function readAnthropicUsage(usage: unknown): ReportedUsage {
  return {
    uncachedInput: countAt(usage, "input_tokens"),
    output: countAt(usage, "output_tokens"),
    cacheRead: countAt(usage, "cache_read_input_tokens"),
    cacheWrite: countAt(usage, "cache_creation_input_tokens"),
  };
}
