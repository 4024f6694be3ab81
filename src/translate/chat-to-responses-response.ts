// Chat completion (JSON) → Responses API Response.

import type { AnswerOptions } from "./answer-options.ts";
import { nowSeconds } from "./answer-options.ts";
import { arrayAt, isRecord, type JsonObject, numberAt, recordAt, stringAt } from "./json-values.ts";
import { createItemIds, toResponseObject } from "./responses-envelope.ts";
import { finishToResponsesEnding } from "./stop-reasons.ts";
import {
  readReasoningText,
  readThinkingBlocks,
  redactedThinkingPrefix,
} from "./thinking-blocks.ts";
import { readChatUsage, toResponsesUsage } from "./usage-counts.ts";

export function chatCompletionToResponse(body: unknown, options: AnswerOptions): JsonObject {
  const ids = createItemIds(stringAt(body, "id") ?? "");
  const choice = arrayAt(body, "choices")[0];
  const message = recordAt(choice, "message");
  const output = [...reasoningItems(message, ids.item)];
  const content = messageContent(message, recordAt(choice, "logprobs"));
  if (content.length > 0) {
    output.push({
      id: ids.item("msg"),
      type: "message",
      status: "completed",
      role: "assistant",
      content,
    });
  }
  for (const call of arrayAt(message, "tool_calls")) {
    const fn = recordAt(call, "function");
    output.push({
      id: ids.item("fc"),
      type: "function_call",
      status: "completed",
      call_id: stringAt(call, "id") ?? "",
      name: stringAt(fn, "name") ?? "",
      arguments: stringAt(fn, "arguments") ?? "",
    });
  }
  const ending = finishToResponsesEnding(isRecord(choice) ? choice.finish_reason : undefined);
  const fields = {
    id: ids.response,
    createdAt: numberAt(body, "created") ?? nowSeconds(options.clock),
    model: stringAt(body, "model") ?? options.requestedModel,
    status: ending.status,
    incompleteDetails: ending.incomplete_details,
    output,
    usage: toResponsesUsage(readChatUsage(isRecord(body) ? body.usage : undefined)),
  };
  return toResponseObject(fields, options.clientRequest);
}

/** Chat logprobs entries have the Responses shape already ({token, logprob, bytes, top_logprobs}). */
export function toResponsesLogprobs(logprobs: unknown): unknown[] {
  return arrayAt(logprobs, "content");
}

// --- internal ---

function reasoningItems(
  message: JsonObject | undefined,
  nextId: (prefix: string) => string,
): JsonObject[] {
  const blocks = readThinkingBlocks(message);
  if (blocks.length === 0) {
    const text = readReasoningText(message);
    return text === "" ? [] : [toReasoningItem(nextId("rs"), text, null)];
  }
  return blocks.map((block) =>
    block.type === "thinking"
      ? toReasoningItem(nextId("rs"), block.thinking, block.signature || null)
      : toReasoningItem(nextId("rs"), "", `${redactedThinkingPrefix}${block.data}`),
  );
}

function messageContent(
  message: JsonObject | undefined,
  logprobs: JsonObject | undefined,
): JsonObject[] {
  const parts: JsonObject[] = [];
  const text = stringAt(message, "content") ?? "";
  if (text !== "") {
    parts.push({
      type: "output_text",
      text,
      annotations: [],
      logprobs: toResponsesLogprobs(logprobs),
    });
  }
  const refusal = stringAt(message, "refusal") ?? "";
  if (refusal !== "") parts.push({ type: "refusal", refusal });
  return parts;
}

/** One reasoning item per thinking block, its signature kept as encrypted_content. */
function toReasoningItem(id: string, text: string, encrypted: string | null): JsonObject {
  const summary = text === "" ? [] : [{ type: "summary_text", text }];
  return { id, type: "reasoning", summary, encrypted_content: encrypted };
}
