// Reads the fields mock replies need from a request body of unknown shape, without throwing.

import { defaultModel } from "./openai-wire.ts";
import { countWords } from "./text-pieces.ts";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function requestedModel(json: unknown): string {
  return isRecord(json) && typeof json.model === "string" ? json.model : defaultModel;
}

export function wantsStream(json: unknown): boolean {
  return isRecord(json) && json.stream === true;
}

/** OpenAI's `stream_options.include_usage`. */
export function wantsStreamUsage(json: unknown): boolean {
  return (
    isRecord(json) && isRecord(json.stream_options) && json.stream_options.include_usage === true
  );
}

/** The text of the last user message: string content, or its text parts joined by spaces. */
export function lastUserText(json: unknown): string {
  const messages = isRecord(json) && Array.isArray(json.messages) ? json.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message: unknown = messages[i];
    if (isRecord(message) && message.role === "user") return contentText(message.content);
  }
  return "";
}

/** Words in every message (and Anthropic's top-level system prompt): the mock's token count. */
export function promptWords(json: unknown): number {
  if (!isRecord(json)) return 0;
  let words = countWords(contentText(json.system));
  if (Array.isArray(json.messages)) {
    for (const message of json.messages) {
      if (isRecord(message)) words += countWords(contentText(message.content));
    }
  }
  return words;
}

/** Embedding inputs: a string, strings, or token arrays (shown as their numbers). */
export function embeddingInputs(json: unknown): string[] {
  const input = isRecord(json) ? json.input : undefined;
  if (typeof input === "string") return [input];
  if (!Array.isArray(input)) return [];
  if (input.every((item) => typeof item === "number")) return [input.join(" ")];
  return input.map((item) => (Array.isArray(item) ? item.join(" ") : String(item)));
}

/** The legacy completions prompt: a string, or strings joined by newlines. */
export function completionPrompt(json: unknown): string {
  const prompt = isRecord(json) ? json.prompt : undefined;
  if (typeof prompt === "string") return prompt;
  return Array.isArray(prompt) ? prompt.map(String).join("\n") : "";
}

// --- internal ---

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const texts: string[] = [];
  for (const part of content) {
    if (isRecord(part) && typeof part.text === "string") texts.push(part.text);
  }
  return texts.join(" ");
}
