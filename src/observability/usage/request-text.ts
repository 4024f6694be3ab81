// Estimates input tokens from the request body when the upstream reports none: chars/4 over every
// prompt text field (messages, system, instructions, prompt, input), rounded up once.

import { isRecord, lengthAt } from "./json-fields.ts";
import { estimateTokens } from "./usage.ts";

export function estimateInputTokens(request: unknown): number {
  if (!isRecord(request)) return 0;
  let chars = 0;
  for (const field of promptFields) chars += textChars(request[field], 0);
  return estimateTokens(chars);
}

// --- internal ---

const promptFields = ["system", "instructions", "messages", "prompt", "input"] as const;

// deeper than any real message (tool_result > content part) and a bound on hostile input
const maxDepth = 8;

// chat assistant messages keep earlier calls in tool_calls[].function.arguments
const nestedFields = ["content", "tool_calls", "function"] as const;

/**
 * Strings count by length; arrays sum their items; objects count their `text`, `content` and
 * `arguments` (chat parts, Anthropic blocks, tool results, Responses input items, earlier tool
 * calls). A number in a prompt array is a token id (completions and embeddings accept token
 * arrays), so it counts as one token.
 */
function textChars(value: unknown, depth: number): number {
  if (typeof value === "string") return value.length;
  if (typeof value === "number") return 4;
  if (depth >= maxDepth) return 0;
  if (Array.isArray(value)) {
    let chars = 0;
    for (const item of value) chars += textChars(item, depth + 1);
    return chars;
  }
  if (!isRecord(value)) return 0;
  let chars = lengthAt(value, "text") + lengthAt(value, "arguments");
  for (const key of nestedFields) chars += textChars(value[key], depth + 1);
  return chars;
}
