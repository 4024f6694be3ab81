// Counts the generated text in a response or stream event, for estimating output tokens when the
// upstream reports none. Tool-call arguments and reasoning count as output: they are billed so.

import { arrayAt, lengthAt, recordAt } from "./json-fields.ts";

/** One chat or completions choice: `delta` when streamed, `message` when not, `text` for legacy. */
export function openAIChoiceChars(choice: unknown): number {
  const message = recordAt(choice, "delta") ?? recordAt(choice, "message");
  return lengthAt(choice, "text") + (message ? openAIMessageChars(message) : 0);
}

/** Responses API `output` items: messages, function calls and reasoning summaries. */
export function responsesOutputChars(items: readonly unknown[]): number {
  let chars = 0;
  for (const item of items) {
    chars += lengthAt(item, "arguments");
    for (const part of arrayAt(item, "content")) {
      chars += lengthAt(part, "text") + lengthAt(part, "refusal");
    }
    for (const part of arrayAt(item, "summary")) chars += lengthAt(part, "text");
  }
  return chars;
}

/** Anthropic content blocks (non-streaming); a tool_use input counts as its JSON text. */
export function anthropicContentChars(blocks: readonly unknown[]): number {
  let chars = 0;
  for (const block of blocks) {
    chars += lengthAt(block, "text") + lengthAt(block, "thinking");
    const input = recordAt(block, "input");
    if (input && Object.keys(input).length > 0) chars += JSON.stringify(input).length;
  }
  return chars;
}

// --- internal ---

function openAIMessageChars(message: Record<string, unknown>): number {
  let chars = lengthAt(message, "refusal") + lengthAt(message, "reasoning_content");
  const content = message.content;
  if (typeof content === "string") chars += content.length;
  else if (Array.isArray(content)) {
    for (const part of content) chars += lengthAt(part, "text");
  }
  for (const call of arrayAt(message, "tool_calls")) {
    chars += lengthAt(recordAt(call, "function"), "arguments");
  }
  chars += lengthAt(recordAt(message, "function_call"), "arguments");
  return chars;
}
