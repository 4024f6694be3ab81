// Thinking with signatures on OpenAI chat: `reasoning_content` holds the text and
// `thinking_blocks` the Anthropic blocks with their signatures (LiteLLM's convention).

import { arrayAt, isRecord, type JsonObject, stringAt } from "./json-values.ts";

/** Reasoning item encrypted_content that holds an Anthropic redacted_thinking block. */
export const redactedThinkingPrefix = "anthropic-redacted:";

export type ThinkingBlock =
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "redacted_thinking"; data: string };

/** Valid thinking blocks of a chat message or delta. */
export function readThinkingBlocks(message: unknown): ThinkingBlock[] {
  const blocks: ThinkingBlock[] = [];
  for (const block of arrayAt(message, "thinking_blocks")) {
    const type = stringAt(block, "type");
    if (type === "thinking") {
      const thinking = stringAt(block, "thinking") ?? "";
      blocks.push({ type, thinking, signature: stringAt(block, "signature") ?? "" });
    } else if (type === "redacted_thinking") {
      blocks.push({ type, data: stringAt(block, "data") ?? "" });
    }
  }
  return blocks;
}

/** The reasoning text of a chat message or delta (`reasoning` is vLLM's and OpenRouter's name). */
export function readReasoningText(message: unknown): string {
  if (!isRecord(message)) return "";
  return stringAt(message, "reasoning_content") ?? stringAt(message, "reasoning") ?? "";
}

/** Anthropic thinking and redacted_thinking blocks as chat message fields. */
export function toChatReasoningFields(blocks: readonly ThinkingBlock[]): JsonObject {
  if (blocks.length === 0) return {};
  const text = blocks.map((block) => (block.type === "thinking" ? block.thinking : "")).join("");
  return { reasoning_content: text, thinking_blocks: blocks };
}

/** Anthropic content blocks that are thinking, in order. */
export function pickThinkingBlocks(content: readonly unknown[]): ThinkingBlock[] {
  return readThinkingBlocks({ thinking_blocks: content });
}
