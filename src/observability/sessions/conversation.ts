// Reads the message history of an OpenAI chat or Anthropic Messages request as (role, text)
// pairs, with whitespace normalised so that reformatting a message does not change its identity.

import { isRecord } from "../../shared/index.ts";

export type ConversationMessage = { role: string; text: string };

/** The messages in order, Anthropic's top-level `system` first; undefined without a messages array. */
export function readConversation(request: unknown): ConversationMessage[] | undefined {
  if (!isRecord(request) || !Array.isArray(request.messages)) return undefined;
  const messages: ConversationMessage[] = [];
  const system = normaliseText(contentText(request.system));
  if (system !== "") messages.push({ role: "system", text: system });
  for (const message of request.messages) {
    if (!isRecord(message)) continue;
    const role = typeof message.role === "string" ? message.role : "";
    messages.push({ role, text: normaliseText(contentText(message.content)) });
  }
  return messages;
}

/** Collapses whitespace runs to one space and trims. */
export function normaliseText(text: string): string {
  // most text is normal already: a test without a copy is a third of the cost of replacing
  return needsNormalising.test(text) ? text.replace(whitespaceRun, " ").trim() : text;
}

// --- internal ---

// made once for every message: a literal in the function would make one per call
const whitespaceRun = /\s+/g;
/** Whitespace at either end, two in a row, or any whitespace but a plain space. */
const needsNormalising = /^\s|\s$|\s\s|[^\S ]/;

/** A string, or the `text` of each part (chat content parts, Anthropic blocks) joined by spaces. */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  let text = "";
  for (const part of content) {
    if (typeof part === "string") text += ` ${part}`;
    else if (isRecord(part) && typeof part.text === "string") text += ` ${part.text}`;
  }
  return text;
}
