// Responses input items as chat messages: a turn's reasoning, message and function calls become
// one assistant message; function_call_output items become `tool` messages.

import { arrayAt, isRecord, type JsonObject, stringAt } from "./json-values.ts";
import type { RequestContext } from "./request-context.ts";
import { toChatPartsFromResponses } from "./responses-parts-to-chat.ts";
import { redactedThinkingPrefix, type ThinkingBlock } from "./thinking-blocks.ts";

/** The chat messages, and which input item each one came from (to name paths the client knows). */
export type ChatHistory = { messages: JsonObject[]; sources: string[] };

export function toChatHistory(input: unknown, context: RequestContext): ChatHistory {
  const history: ChatHistory = { messages: [], sources: [] };
  if (typeof input === "string") {
    history.messages.push({ role: "user", content: input });
    history.sources.push("input");
    return history;
  }
  arrayAt({ input }, "input").forEach((item, i) => {
    addItem(history, item, `input[${i}]`, context);
  });
  return history;
}

// --- internal ---

function addItem(history: ChatHistory, item: unknown, path: string, context: RequestContext): void {
  const type = stringAt(item, "type") ?? (isRecord(item) && "role" in item ? "message" : undefined);
  if (type === "message") {
    addMessage(history, item, path, context);
    return;
  }
  if (type === "function_call") {
    const call = {
      id: stringAt(item, "call_id") ?? "",
      type: "function",
      function: {
        name: stringAt(item, "name") ?? "",
        arguments: stringAt(item, "arguments") ?? "",
      },
    };
    const turn = openAssistantTurn(history, path, false);
    turn.tool_calls = [...arrayAt(turn, "tool_calls"), call];
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
  const parts = toChatPartsFromResponses(content, `${path}.content`, context);
  if (role !== "assistant") {
    const chatRole = role === "developer" ? "system" : role;
    const allText = parts.every((part) => part.type === "text");
    const value = allText ? parts.map((part) => part.text).join("") : parts;
    push(history, { role: chatRole, content: typeof content === "string" ? content : value }, path);
    return;
  }
  const turn = openAssistantTurn(history, path, true);
  turn.content = `${typeof turn.content === "string" ? turn.content : ""}${parts.map((p) => p.text ?? "").join("")}`;
}

function addToolOutput(
  history: ChatHistory,
  item: unknown,
  path: string,
  context: RequestContext,
): void {
  const output = isRecord(item) ? item.output : undefined;
  const parts = toChatPartsFromResponses(output, `${path}.output`, context);
  parts.forEach((part, k) => {
    if (part.type !== "text") context.drop(`${path}.output[${k}]`);
  });
  const text = parts.filter((part) => part.type === "text").map((part) => part.text);
  push(
    history,
    { role: "tool", tool_call_id: stringAt(item, "call_id") ?? "", content: text.join("") },
    path,
  );
}

/** A reasoning item is sent back as the reasoning of the assistant turn it opened. */
function addReasoning(history: ChatHistory, item: unknown, path: string): void {
  const summary = arrayAt(item, "summary").map((part) => stringAt(part, "text") ?? "");
  const raw = arrayAt(item, "content").map((part) => stringAt(part, "text") ?? "");
  const text = (summary.length > 0 ? summary : raw).join("");
  const encrypted = stringAt(item, "encrypted_content");
  const turn = openAssistantTurn(history, path, false);
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
  history.sources.push(path);
}
