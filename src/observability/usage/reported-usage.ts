// Maps each API's usage object onto ReportedUsage; fields absent from the object stay undefined.

import { countAt, recordAt } from "./json-fields.ts";
import type { ReportedUsage } from "./usage.ts";

/** Chat and legacy completions: prompt_tokens, completion_tokens, prompt_tokens_details. */
export function readOpenAIUsage(usage: unknown): ReportedUsage {
  return compact({
    input: countAt(usage, "prompt_tokens"),
    output: countAt(usage, "completion_tokens"),
    cached: countAt(recordAt(usage, "prompt_tokens_details"), "cached_tokens"),
  });
}

/** Embeddings produce no output tokens, so only the input can be missing. */
export function readEmbeddingsUsage(usage: unknown): ReportedUsage {
  return { ...readOpenAIUsage(usage), output: 0 };
}

/** Responses API: input_tokens, output_tokens, input_tokens_details. */
export function readResponsesUsage(usage: unknown): ReportedUsage {
  return compact({
    input: countAt(usage, "input_tokens"),
    output: countAt(usage, "output_tokens"),
    cached: countAt(recordAt(usage, "input_tokens_details"), "cached_tokens"),
  });
}

/** Anthropic Messages: input_tokens (without cache reads), output_tokens, cache_read_input_tokens. */
export function readAnthropicUsage(usage: unknown): ReportedUsage {
  return compact({
    input: countAt(usage, "input_tokens"),
    output: countAt(usage, "output_tokens"),
    cached: countAt(usage, "cache_read_input_tokens"),
  });
}

// --- internal ---

function compact(fields: {
  input: number | undefined;
  output: number | undefined;
  cached: number | undefined;
}): ReportedUsage {
  const reported: ReportedUsage = {};
  if (fields.input !== undefined) reported.input = fields.input;
  if (fields.output !== undefined) reported.output = fields.output;
  if (fields.cached !== undefined) reported.cached = fields.cached;
  return reported;
}
