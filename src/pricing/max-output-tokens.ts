// The most output a request may generate, from its own limits: max_tokens (Anthropic, legacy
// OpenAI), max_completion_tokens (OpenAI chat) or max_output_tokens (Responses), else the
// configured default (budgets.default_max_tokens); times `n` when it asks for several choices.

import { isRecord } from "../shared/index.ts";

export function maxOutputTokensOf(body: unknown, defaultMaxTokens: number): number {
  const fields = isRecord(body) ? body : {};
  let limit: number | undefined;
  for (const key of limitFields) {
    const value = positiveInteger(fields[key]);
    // two limits given: the larger one bounds the worst case
    if (value !== undefined && (limit === undefined || value > limit)) limit = value;
  }
  return (limit ?? defaultMaxTokens) * (positiveInteger(fields.n) ?? 1);
}

// --- internal ---

const limitFields = ["max_tokens", "max_completion_tokens", "max_output_tokens"] as const;

function positiveInteger(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}
