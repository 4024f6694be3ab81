// Builds OpenAI chat and Anthropic message responses, streaming or not, for a recorded request.

import { anthropicMessageBody, anthropicStreamEvents } from "./anthropic-wire.ts";
import { openAIChatChunks, openAIChatCompletion } from "./openai-wire.ts";
import { promptWords, requestedModel, wantsStream, wantsStreamUsage } from "./request-fields.ts";
import { toSseResponse } from "./sse-response.ts";
import { countWords } from "./text-pieces.ts";
import type { AnthropicUsage, OpenAIUsage, RecordedRequest } from "./types.ts";

export type ChatReplyInit = {
  /** Default: the request body's `stream`. */
  stream?: boolean;
  /** Content chunks when streaming (default 3). */
  chunks?: number;
  intervalMs?: number;
  /** Default: the request body's `model`. */
  model?: string;
  disconnectAfter?: number;
};

export function toOpenAIChatResponse(
  recorded: RecordedRequest,
  text: string,
  init: ChatReplyInit & { usage?: OpenAIUsage },
): Response {
  const json = recorded.json;
  const model = init.model ?? requestedModel(json);
  const usage = init.usage ?? {
    prompt_tokens: promptWords(json),
    completion_tokens: countWords(text),
  };
  if (!(init.stream ?? wantsStream(json)))
    return Response.json(openAIChatCompletion(text, model, usage));
  const events = openAIChatChunks(text, {
    chunks: init.chunks ?? 3,
    model,
    usage,
    // an explicit usage is what the test wants to see, so it is sent even when not asked for
    includeUsage: init.usage !== undefined || wantsStreamUsage(json),
  });
  return toSseResponse(events, init);
}

export function toAnthropicMessageResponse(
  recorded: RecordedRequest,
  text: string,
  init: ChatReplyInit & { usage?: AnthropicUsage },
): Response {
  const json = recorded.json;
  const model = init.model ?? requestedModel(json);
  const usage = init.usage ?? { input_tokens: promptWords(json), output_tokens: countWords(text) };
  if (!(init.stream ?? wantsStream(json))) {
    return Response.json(anthropicMessageBody(text, model, usage));
  }
  const events = anthropicStreamEvents(text, { chunks: init.chunks ?? 3, model, usage });
  return toSseResponse(events, init);
}
