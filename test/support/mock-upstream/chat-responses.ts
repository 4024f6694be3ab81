// Builds OpenAI chat and Anthropic message responses, streaming or not, for a recorded request.

import { anthropicMessageBody, anthropicStreamEvents } from "./anthropic-wire.ts";
import { openAIChatChunks, openAIChatCompletion } from "./openai-wire.ts";
import { promptWords, requestedModel, wantsStream, wantsStreamUsage } from "./request-fields.ts";
import { anthropicScriptedEvents, anthropicScriptedMessage } from "./scripted-anthropic-wire.ts";
import { hasFeatures, type MockFeatures } from "./scripted-features.ts";
import {
  openAIScriptedChunks,
  openAIScriptedCompletion,
  type ScriptedReply,
} from "./scripted-openai-wire.ts";
import { scriptedUsage } from "./scripted-usage.ts";
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
} & MockFeatures;

export function toOpenAIChatResponse(
  recorded: RecordedRequest,
  text: string,
  init: ChatReplyInit & { usage?: OpenAIUsage },
): Response {
  const json = recorded.json;
  const model = init.model ?? requestedModel(json);
  if (hasFeatures(init)) {
    const reply = toScriptedReply(recorded, text, model, init);
    if (!(init.stream ?? wantsStream(json))) return Response.json(openAIScriptedCompletion(reply));
    const includeUsage = init.cache !== undefined || wantsStreamUsage(json);
    return toSseResponse(openAIScriptedChunks(reply, init.chunks ?? 3, includeUsage), init);
  }
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
  if (hasFeatures(init)) {
    const reply = toScriptedReply(recorded, text, model, init);
    if (!(init.stream ?? wantsStream(json))) return Response.json(anthropicScriptedMessage(reply));
    return toSseResponse(anthropicScriptedEvents(reply, init.chunks ?? 3), init);
  }
  const usage = init.usage ?? { input_tokens: promptWords(json), output_tokens: countWords(text) };
  if (!(init.stream ?? wantsStream(json))) {
    return Response.json(anthropicMessageBody(text, model, usage));
  }
  const events = anthropicStreamEvents(text, { chunks: init.chunks ?? 3, model, usage });
  return toSseResponse(events, init);
}

// --- internal ---

function toScriptedReply(
  recorded: RecordedRequest,
  text: string,
  model: string,
  features: MockFeatures,
): ScriptedReply {
  const usage = scriptedUsage(promptWords(recorded.json), text, features);
  return { text, model, features, usage };
}
