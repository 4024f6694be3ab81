// Anthropic system and messages as chat messages: tool_result blocks become `tool` messages.

import { toChatContent, toChatParts, toChatPartsOf } from "./anthropic-blocks-to-chat.ts";
import { arrayAt, isPresent, isRecord, type JsonObject, stringAt } from "./json-values.ts";
import type { RequestContext } from "./request-context.ts";
import { joinTextBlocks } from "./text-blocks.ts";
import { pickThinkingBlocks, type ThinkingBlock } from "./thinking-blocks.ts";

export function toChatSystemMessage(
  system: unknown,
  context: RequestContext,
): JsonObject | undefined {
  if (typeof system === "string")
    return system === "" ? undefined : { role: "system", content: system };
  const parts = arrayAt({ system }, "system").flatMap((block, i) =>
    toChatParts(block, `system[${i}]`, context),
  );
  return parts.length === 0 ? undefined : { role: "system", content: toChatContent(parts) };
}

export function toChatMessages(
  messages: readonly unknown[],
  context: RequestContext,
): JsonObject[] {
  return messages.flatMap((message, i) => {
    const path = `messages[${i}]`;
    const content = isRecord(message) ? message.content : undefined;
    if (stringAt(message, "role") === "assistant")
      return [toAssistantMessage(content, path, context)];
    return toUserMessages(content, path, context);
  });
}

// --- internal ---

/** Tool results first (they answer the previous turn), then what the user said. */
function toUserMessages(content: unknown, path: string, context: RequestContext): JsonObject[] {
  if (typeof content === "string") return [{ role: "user", content }];
  const toolMessages: JsonObject[] = [];
  const parts: JsonObject[] = [];
  arrayAt({ content }, "content").forEach((block, j) => {
    const blockPath = `${path}.content[${j}]`;
    if (stringAt(block, "type") !== "tool_result") {
      parts.push(...toChatParts(block, blockPath, context));
      return;
    }
    const result = toChatPartsOf(
      isRecord(block) ? block.content : "",
      `${blockPath}.content`,
      context,
    );
    if (isRecord(block) && isPresent(block.cache_control))
      context.drop(`${blockPath}.cache_control`);
    if (isRecord(block) && block.is_error === true) context.drop(`${blockPath}.is_error`);
    const text = result.filter((part) => part.type === "text").map((part) => part.text);
    toolMessages.push({
      role: "tool",
      tool_call_id: stringAt(block, "tool_use_id") ?? "",
      content: joinTextBlocks(text, "client"),
    });
    // chat tool messages carry text only: their images go to the user turn that follows
    parts.push(...result.filter((part) => part.type !== "text"));
  });
  if (parts.length === 0) return toolMessages;
  return [...toolMessages, { role: "user", content: toChatContent(parts) }];
}

function toAssistantMessage(content: unknown, path: string, context: RequestContext): JsonObject {
  if (typeof content === "string") return { role: "assistant", content };
  const blocks = arrayAt({ content }, "content");
  const texts: string[] = [];
  const toolCalls: JsonObject[] = [];
  blocks.forEach((block, j) => {
    const type = stringAt(block, "type");
    if (isRecord(block) && isPresent(block.cache_control))
      context.drop(`${path}.content[${j}].cache_control`);
    if (type === "text") texts.push(stringAt(block, "text") ?? "");
    else if (type === "tool_use") toolCalls.push(toToolCall(block));
    else if (type !== "thinking" && type !== "redacted_thinking")
      context.drop(`${path}.content[${j}]`);
  });
  const message: JsonObject = {
    role: "assistant",
    content: texts.length === 0 && toolCalls.length > 0 ? null : joinTextBlocks(texts, "model"),
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return { ...message, ...reasoningFields(pickThinkingBlocks(blocks)) };
}

function toToolCall(block: unknown): JsonObject {
  const input = isRecord(block) ? block.input : undefined;
  return {
    id: stringAt(block, "id") ?? "",
    type: "function",
    function: { name: stringAt(block, "name") ?? "", arguments: JSON.stringify(input ?? {}) },
  };
}

/**
 * reasoning_content always; thinking_blocks only when a block has something a chat server cannot
 * rebuild (a signature, redacted data), so plain OpenAI-compatible servers see the common field.
 */
function reasoningFields(blocks: ThinkingBlock[]): JsonObject {
  if (blocks.length === 0) return {};
  const text = blocks.map((block) => (block.type === "thinking" ? block.thinking : "")).join("");
  const signed = blocks.some(
    (block) => block.type === "redacted_thinking" || block.signature !== "",
  );
  return signed
    ? { reasoning_content: text, thinking_blocks: blocks }
    : { reasoning_content: text };
}
