// Anthropic message (JSON) → chat completion.

import type { AnswerOptions } from "./answer-options.ts";
import { nowSeconds } from "./answer-options.ts";
import { arrayAt, isRecord, type JsonObject, stringAt } from "./json-values.ts";
import { anthropicStopToFinish } from "./stop-reasons.ts";
import { structuredOutputToolName } from "./structured-output.ts";
import { joinTextBlocks } from "./text-blocks.ts";
import { pickThinkingBlocks, toChatReasoningFields } from "./thinking-blocks.ts";
import { readAnthropicUsage, toChatUsage } from "./usage-counts.ts";

export function messageToChatCompletion(body: unknown, options: AnswerOptions): JsonObject {
  const content = arrayAt(body, "content");
  const texts: string[] = [];
  const toolCalls: JsonObject[] = [];
  for (const block of content) {
    const type = stringAt(block, "type");
    if (type === "text") texts.push(stringAt(block, "text") ?? "");
    if (type !== "tool_use" || !isRecord(block)) continue;
    const input = JSON.stringify(block.input ?? {});
    if (options.structuredOutput && block.name === structuredOutputToolName) texts.push(input);
    else toolCalls.push(toToolCall(block, input));
  }
  const stopReason = isRecord(body) ? body.stop_reason : undefined;
  // the forced output tool ends the turn with tool_use; for the client it is a plain answer
  const finishReason =
    stopReason === "tool_use" && toolCalls.length === 0
      ? "stop"
      : anthropicStopToFinish(stopReason);
  const message: JsonObject = {
    role: "assistant",
    content: texts.length === 0 ? null : joinTextBlocks(texts, "model"),
    refusal: null,
    ...toChatReasoningFields(pickThinkingBlocks(content)),
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: stringAt(body, "id") ?? "",
    object: "chat.completion",
    created: nowSeconds(options.clock),
    model: stringAt(body, "model") ?? options.requestedModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
    usage: toChatUsage(readAnthropicUsage(isRecord(body) ? body.usage : undefined)),
  };
}

// --- internal ---

function toToolCall(block: JsonObject, input: string): JsonObject {
  return {
    id: stringAt(block, "id") ?? "",
    type: "function",
    function: { name: stringAt(block, "name") ?? "", arguments: input },
  };
}
