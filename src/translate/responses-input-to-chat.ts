// Responses instructions and input items as chat messages: a turn's reasoning, message and function
// calls become one assistant message; function_call_output items become `tool` messages.

import { arrayAt, isRecord, type JsonObject, stringAt } from "./json-values.ts";
import type { RequestContext } from "./request-context.ts";
import { toChatPartsFromResponses } from "./responses-parts-to-chat.ts";
import { redactedThinkingPrefix, type ThinkingBlock } from "./thinking-blocks.ts";

/**
 * The chat messages; `sources`, when given, collects the Responses path each chat path came from
 * ("messages[2]" → "input[4]", "messages[2].tool_calls[1]" → "input[6]").
 */
export function toChatHistory(
  body: JsonObject,
  context: RequestContext,
  sources?: Map<string, string>,
): JsonObject[] {
  const history: ChatHistory = { messages: [], sources };
  const instructions = stringAt(body, "instructions");
  if (instructions) push(history, { role: "system", content: instructions }, "instructions");
  if (typeof body.input === "string") {
    push(history, { role: "user", content: body.input }, "input");
    return history.messages;
  }
  arrayAt(body, "input").forEach((item, i) => {
    addItem(history, item, `input[${i}]`, context);
  });
  return history.messages;
}

// --- internal ---

type ChatHistory = { messages: JsonObject[]; sources: Map<string, string> | undefined };

function addItem(history: ChatHistory, item: unknown, path: string, context: RequestContext): void {
  const type = stringAt(item, "type") ?? (isRecord(item) && "role" in item ? "message" : undefined);
  if (type === "message") {
    addMessage(history, item, path, context);
    return;
  }
  if (type === "function_call") {
    addFunctionCall(history, item, path);
    return;
  }
  if (type === "function_call_output") {
    addToolOutput(history, item, path, context);
    return;
  }
  if (type === "reasoning") {
    addReasoning(history, item, path);
    return;
  }
  if (type === "item_reference") {
    context.refuse(path, "an item_reference needs the stored response of a Responses provider");
  }
  context.drop(path);
}

function addMessage(
  history: ChatHistory,
  item: unknown,
  path: string,
  context: RequestContext,
): void {
  const role = stringAt(item, "role") ?? "user";
  const content = isRecord(item) ? item.content : undefined;
  const sourced = toChatPartsFromResponses(content, `${path}.content`, context);
  const parts = sourced.map(({ part }) => part);
  if (role === "assistant") {
    const turn = openAssistantTurn(history, path, true);
    turn.content = `${typeof turn.content === "string" ? turn.content : ""}${parts.map((p) => p.text ?? "").join("")}`;
    return;
  }
  const chatRole = role === "developer" ? "system" : role;
  const allText = parts.every((part) => part.type === "text");
  if (allText) {
    push(history, { role: chatRole, content: parts.map((part) => part.text).join("") }, path);
    return;
  }
  push(history, { role: chatRole, content: parts }, path);
  sourced.forEach((part, k) => {
    history.sources?.set(`${lastPath(history)}.content[${k}]`, part.path);
  });
}

function addFunctionCall(history: ChatHistory, item: unknown, path: string): void {
  const call = {
    id: stringAt(item, "call_id") ?? "",
    type: "function",
    function: {
      name: stringAt(item, "name") ?? "",
      arguments: stringAt(item, "arguments") ?? "",
    },
  };
  const turn = openAssistantTurn(history, path, false);
  const calls = arrayAt(turn, "tool_calls");
  history.sources?.set(`${lastPath(history)}.tool_calls[${calls.length}]`, path);
  turn.tool_calls = [...calls, call];
}

function addToolOutput(
  history: ChatHistory,
  item: unknown,
  path: string,
  context: RequestContext,
): void {
  const output = isRecord(item) ? item.output : undefined;
  const texts: string[] = [];
  // chat tool messages carry text only
  for (const { part, path: partPath } of toChatPartsFromResponses(
    output,
    `${path}.output`,
    context,
  )) {
    if (part.type === "text") texts.push(String(part.text));
    else context.drop(partPath);
  }
  const content = texts.join("");
  push(history, { role: "tool", tool_call_id: stringAt(item, "call_id") ?? "", content }, path);
}

/** A reasoning item is sent back as the reasoning of the assistant turn it opened. */
function addReasoning(history: ChatHistory, item: unknown, path: string): void {
  const summary = arrayAt(item, "summary").map((part) => stringAt(part, "text") ?? "");
  const raw = arrayAt(item, "content").map((part) => stringAt(part, "text") ?? "");
  const text = (summary.length > 0 ? summary : raw).join("");
  const encrypted = stringAt(item, "encrypted_content");
  const turn = openAssistantTurn(history, path, false);
  const reasoningPath = `${lastPath(history)}.reasoning_content`;
  // the text of every reasoning item in the turn is one field: it stands for the first one
  if (!history.sources?.has(reasoningPath)) history.sources?.set(reasoningPath, path);
  turn.reasoning_content = `${stringAt(turn, "reasoning_content") ?? ""}${text}`;
  if (encrypted === undefined || encrypted === "") return;
  const block: ThinkingBlock = encrypted.startsWith(redactedThinkingPrefix)
    ? { type: "redacted_thinking", data: encrypted.slice(redactedThinkingPrefix.length) }
    : { type: "thinking", thinking: text, signature: encrypted };
  turn.thinking_blocks = [...arrayAt(turn, "thinking_blocks"), block];
}

/** The assistant message still open for this item, or a new one. */
function openAssistantTurn(history: ChatHistory, path: string, forText: boolean): JsonObject {
  const last = history.messages.at(-1);
  const reusable =
    last?.role === "assistant" &&
    !(forText && isRecord(last) && (typeof last.content === "string" || "tool_calls" in last));
  if (reusable && last) return last;
  const turn: JsonObject = { role: "assistant", content: null };
  push(history, turn, path);
  return turn;
}

function push(history: ChatHistory, message: JsonObject, path: string): void {
  history.messages.push(message);
  history.sources?.set(lastPath(history), path);
}

/** The chat path of the latest message. */
function lastPath(history: ChatHistory): string {
  return `messages[${history.messages.length - 1}]`;
}
