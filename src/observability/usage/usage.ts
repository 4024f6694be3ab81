// The Usage record, and how reported counts and text estimates combine into one.

export type Usage = {
  input_tokens: number;
  output_tokens: number;
  /** OpenAI usage.*_tokens_details.cached_tokens / Anthropic cache_read_input_tokens; 0 if absent. */
  cached_tokens: number;
  /** true when the upstream sent no usage and the numbers are estimated from text (chars/4, rounded up). */
  estimated: boolean;
};

/** Which response shape to expect, from the request path. */
export type UsageKind =
  | "openai_chat"
  | "openai_completion"
  | "openai_responses"
  | "openai_embeddings"
  | "anthropic_messages"
  | "other";

/** Counts the upstream reported; a missing field is estimated instead. */
export type ReportedUsage = { input?: number; output?: number; cached?: number };

export type UsageEstimate = { input(): number; outputChars: number };

export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export function toUsage(reported: ReportedUsage, estimate: UsageEstimate): Usage {
  return {
    input_tokens: reported.input ?? estimate.input(),
    output_tokens: reported.output ?? estimateTokens(estimate.outputChars),
    cached_tokens: reported.cached ?? 0,
    estimated: reported.input === undefined || reported.output === undefined,
  };
}

/** Copies the fields `from` has over those of `into` (later usage events are cumulative). */
export function mergeReported(into: ReportedUsage, from: ReportedUsage): void {
  if (from.input !== undefined) into.input = from.input;
  if (from.output !== undefined) into.output = from.output;
  if (from.cached !== undefined) into.cached = from.cached;
}
