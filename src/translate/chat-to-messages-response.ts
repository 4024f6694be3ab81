// Chat completion (JSON) → Anthropic message.

import type { AnswerOptions } from "./answer-options.ts";
import {
  arrayAt,
  isRecord,
  type JsonObject,
  parseJsonObject,
  recordAt,
  stringAt,
} from "./json-values.ts";
import { finishToAnthropicStop } from "./stop-reasons.ts";
import { readReasoningText, readThinkingBlocks, type ThinkingBlock } from "./thinking-blocks.ts";
import { readChatUsage, toAnthropicUsage } from "./usage-counts.ts";

export function chatCompletionToMessage(body: unknown, options: AnswerOptions): JsonObject {
  const choice = arrayAt(body, "choices")[0];
  const message = recordAt(choice, "message");
  const content: JsonObject[] = [...thinkingOf(message)];
  const text = stringAt(message, "content") ?? "";
  if (text !== "") content.push({ type: "text", text });
  const refusal = stringAt(message, "refusal") ?? "";
  if (refusal !== "") content.push({ type: "text", text: refusal });
  for (const call of arrayAt(message, "tool_calls")) content.push(toToolUse(call));
  const finishReason = isRecord(choice) ? choice.finish_reason : undefined;
  return {
    id: stringAt(body, "id") ?? "",
    type: "message",
    role: "assistant",
    model: stringAt(body, "model") ?? options.requestedModel,
    content,
    stop_reason: refusal !== "" ? "refusal" : finishToAnthropicStop(finishReason),
    stop_sequence: null,
    usage: toAnthropicUsage(readChatUsage(isRecord(body) ? body.usage : undefined)),
  };
}

// --- internal ---

/** Signed blocks when the upstream kept them; else its reasoning text, unsigned. */
function thinkingOf(message: JsonObject | undefined): ThinkingBlock[] {
  const blocks = readThinkingBlocks(message);
  if (blocks.length > 0) return blocks;
  const text = readReasoningText(message);
  return text === "" ? [] : [{ type: "thinking", thinking: text, signature: "" }];
}

function toToolUse(call: unknown): JsonObject {
  const fn = recordAt(call, "function");
  const argumentsText = stringAt(fn, "arguments") ?? "";
  return {
    type: "tool_use",
    id: stringAt(call, "id") ?? "",
    name: stringAt(fn, "name") ?? "",
    // arguments cut short (finish_reason length) are not JSON: an empty input, as Anthropic would
    input: parseJsonObject(argumentsText) ?? {},
  };
}
