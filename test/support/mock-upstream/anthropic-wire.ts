// Anthropic Messages wire objects as the official client parses them: message, stream events, error.

import { defaultModel } from "./openai-wire.ts";
import { countWords, splitText } from "./text-pieces.ts";
import type { AnthropicUsage } from "./types.ts";
import { nextWireId } from "./wire-ids.ts";

export type AnthropicMessage = {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: { type: "text"; text: string }[];
  stop_reason: "end_turn" | null;
  stop_sequence: null;
  usage: AnthropicUsage;
};

export type AnthropicStreamOptions = { chunks: number; model?: string; usage?: AnthropicUsage };

export function anthropicMessageBody(
  text: string,
  model = defaultModel,
  usage?: AnthropicUsage,
): AnthropicMessage {
  return {
    id: nextWireId("msg_mock"),
    type: "message",
    role: "assistant",
    model,
    content: [{ type: "text", text }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: usage ?? { input_tokens: 0, output_tokens: countWords(text) },
  };
}

/**
 * SSE event texts: message_start, content_block_start, `chunks` content_block_delta,
 * content_block_stop, message_delta (final usage.output_tokens), message_stop.
 */
export function anthropicStreamEvents(text: string, opts: AnthropicStreamOptions): string[] {
  const usage = opts.usage ?? { input_tokens: 0, output_tokens: countWords(text) };
  // like the real API, message_start reports a provisional output count that message_delta replaces
  const message: AnthropicMessage = {
    ...anthropicMessageBody("", opts.model, { ...usage, output_tokens: 1 }),
    content: [],
    stop_reason: null,
  };
  const events = [
    toEvent("message_start", { type: "message_start", message }),
    toEvent("content_block_start", {
      type: "content_block_start",
      index: 0,
      content_block: { type: "text", text: "" },
    }),
  ];
  for (const piece of splitText(text, opts.chunks)) {
    const delta = { type: "text_delta", text: piece };
    events.push(toEvent("content_block_delta", { type: "content_block_delta", index: 0, delta }));
  }
  events.push(
    toEvent("content_block_stop", { type: "content_block_stop", index: 0 }),
    toEvent("message_delta", {
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: usage.output_tokens },
    }),
    toEvent("message_stop", { type: "message_stop" }),
  );
  return events;
}

export type AnthropicErrorBody = { type: "error"; error: { type: string; message: string } };

export function anthropicErrorBody(status: number, message?: string): AnthropicErrorBody {
  return {
    type: "error",
    error: { type: toErrorType(status), message: message ?? `mock upstream replied ${status}` },
  };
}

// --- internal ---

function toEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}`;
}

// Anthropic's documented error types by HTTP status
const errorTypes: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  529: "overloaded_error",
};

function toErrorType(status: number): string {
  return errorTypes[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
}
