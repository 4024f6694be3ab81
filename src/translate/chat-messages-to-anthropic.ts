// Chat messages as Anthropic's system prompt and alternating user/assistant turns.

import { toAnthropicBlocks } from "./chat-parts-to-anthropic.ts";
import {
  arrayAt,
  isPresent,
  isRecord,
  type JsonObject,
  parseJsonObject,
  recordAt,
  stringAt,
} from "./json-values.ts";
import type { RequestContext } from "./request-context.ts";
import { readReasoningText, readThinkingBlocks } from "./thinking-blocks.ts";

export type AnthropicConversation = {
  system: JsonObject[];
  messages: { role: "user" | "assistant"; content: JsonObject[] }[];
};

export function toAnthropicConversation(
  messages: readonly unknown[],
  context: RequestContext,
): AnthropicConversation {
  const conversation: AnthropicConversation = { system: [], messages: [] };
  // the deprecated function_call has no id: a `function` message answers the latest one
  let legacyCallId = "";
  messages.forEach((message, i) => {
    const path = `messages[${i}]`;
    const role = stringAt(message, "role");
    if (isRecord(message) && isPresent(message.name) && role !== "function") {
      context.drop(`${path}.name`);
    }
    if (role === "assistant" && recordAt(message, "function_call")) {
      legacyCallId = `call_legacy_${i}`;
    }
    const turn = toTurn(message, role, path, legacyCallId, context);
    if (turn === undefined) {
      context.drop(path);
      return;
    }
    keepCacheBreakpoint(message, turn.content, path, context);
    if (turn.role === "system") conversation.system.push(...turn.content);
    else addTurn(conversation, turn.role, turn.content);
  });
  return conversation;
}

/** One-text-block turns become strings, as most clients write them. */
export function simplifyContent(content: JsonObject[]): string | JsonObject[] {
  const only = content[0];
  if (content.length !== 1 || only === undefined) return content;
  const isPlainText = only.type === "text" && Object.keys(only).length === 2;
  return isPlainText ? String(only.text) : content;
}

// --- internal ---

type Turn = { role: "system" | "user" | "assistant"; content: JsonObject[] };

function toTurn(
  message: unknown,
  role: string | undefined,
  path: string,
  legacyCallId: string,
  context: RequestContext,
): Turn | undefined {
  const content = isRecord(message) ? message.content : undefined;
  switch (role) {
    case "system":
    case "developer":
      return { role: "system", content: toAnthropicBlocks(content, `${path}.content`, context) };
    case "user":
      return { role: "user", content: toAnthropicBlocks(content, `${path}.content`, context) };
    case "assistant":
      return { role: "assistant", content: assistantBlocks(message, path, legacyCallId, context) };
    case "tool":
    case "function": {
      const callId = role === "tool" ? (stringAt(message, "tool_call_id") ?? "") : legacyCallId;
      return { role: "user", content: [toolResultBlock(message, path, callId, context)] };
    }
    default:
      return undefined;
  }
}

/**
 * A chat message's cache_control (LiteLLM's convention) is a breakpoint after its last block;
 * Anthropic takes none on thinking blocks.
 */
function keepCacheBreakpoint(
  message: unknown,
  blocks: JsonObject[],
  path: string,
  context: RequestContext,
): void {
  if (!isRecord(message) || !isPresent(message.cache_control)) return;
  const last = blocks.at(-1);
  if (last === undefined || last.type === "thinking" || last.type === "redacted_thinking") {
    context.drop(`${path}.cache_control`);
  } else {
    last.cache_control = message.cache_control;
  }
}

/** Anthropic wants alternating roles: consecutive turns of one role are merged. */
function addTurn(
  conversation: AnthropicConversation,
  role: "user" | "assistant",
  content: JsonObject[],
): void {
  if (content.length === 0) return;
  const last = conversation.messages.at(-1);
  if (last?.role === role) last.content.push(...content);
  else conversation.messages.push({ role, content });
}

function assistantBlocks(
  message: unknown,
  path: string,
  legacyCallId: string,
  context: RequestContext,
): JsonObject[] {
  const blocks = replayableThinking(message, path, context);
  if (blocks.length === 0 && readReasoningText(message) !== "") {
    context.drop(`${path}.reasoning_content`);
  }
  const content = isRecord(message) ? message.content : undefined;
  blocks.push(...toAnthropicBlocks(content, `${path}.content`, context));
  const refusal = stringAt(message, "refusal");
  if (refusal) blocks.push({ type: "text", text: refusal });
  const calls = [...arrayAt(message, "tool_calls")];
  const legacy = recordAt(message, "function_call");
  if (legacy) calls.push({ id: legacyCallId, type: "function", function: legacy });
  calls.forEach((call, j) => {
    blocks.push(toolUseBlock(call, `${path}.tool_calls[${j}]`, context));
  });
  return blocks;
}

/** Anthropic takes back only thinking it signed, and redacted_thinking with its own data. */
function replayableThinking(message: unknown, path: string, context: RequestContext): JsonObject[] {
  const blocks: JsonObject[] = [];
  arrayAt(message, "thinking_blocks").forEach((entry, k) => {
    const [block] = readThinkingBlocks({ thinking_blocks: [entry] });
    const signed =
      block?.type === "redacted_thinking" || (block?.type === "thinking" && block.signature !== "");
    if (block && signed) blocks.push(block);
    else context.drop(`${path}.thinking_blocks[${k}]`);
  });
  return blocks;
}

function toolUseBlock(call: unknown, path: string, context: RequestContext): JsonObject {
  const fn = recordAt(call, "function");
  const argumentsText = stringAt(fn, "arguments") ?? "";
  let input = parseJsonObject(argumentsText === "" ? "{}" : argumentsText);
  if (input === undefined) {
    context.drop(`${path}.function.arguments`);
    input = {};
  }
  return {
    type: "tool_use",
    id: stringAt(call, "id") ?? path,
    name: stringAt(fn, "name") ?? "",
    input,
  };
}

function toolResultBlock(
  message: unknown,
  path: string,
  toolUseId: string,
  context: RequestContext,
): JsonObject {
  const content = isRecord(message) ? message.content : undefined;
  const block: JsonObject = { type: "tool_result", tool_use_id: toolUseId };
  if (typeof content === "string") block.content = content;
  else block.content = toAnthropicBlocks(content, `${path}.content`, context);
  return block;
}
