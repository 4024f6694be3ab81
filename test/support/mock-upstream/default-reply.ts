// The reply used when no scripted one is queued: echoes chat requests and serves the other routes.

import { anthropicErrorBody } from "./anthropic-wire.ts";
import { toAnthropicMessageResponse, toOpenAIChatResponse } from "./chat-responses.ts";
import { delay } from "./delay.ts";
import { hangUntilAbort } from "./hang-replies.ts";
import { embeddingList, modelList, textCompletion } from "./openai-endpoint-bodies.ts";
import { openAIErrorBody } from "./openai-wire.ts";
import { type MockOverrides, readOverrides } from "./overrides.ts";
import {
  completionPrompt,
  embeddingInputs,
  isRecord,
  lastUserText,
  requestedModel,
} from "./request-fields.ts";
import { readFeatures, toolResultsText } from "./scripted-features.ts";
import { countWords, padText } from "./text-pieces.ts";
import { invalidThinkingSignature } from "./thinking-signature.ts";
import type { MockReply, RecordedRequest } from "./types.ts";

export type DefaultReplySettings = { chunkCount?: number; chunkIntervalMs?: number };

export function createDefaultReply(settings: DefaultReplySettings = {}): MockReply {
  const chunkCount = settings.chunkCount ?? 3;
  const chunkIntervalMs = settings.chunkIntervalMs ?? 0;
  return async (req, recorded) => {
    const overrides = readOverrides(req.headers);
    await delay(overrides.latencyMs, req.signal);
    if (overrides.hang) return hangUntilAbort(req, recorded);
    const route = toRoute(recorded);
    if (overrides.status !== undefined) return toErrorResponse(route, overrides.status);
    const stream = {
      chunks: overrides.chunks ?? chunkCount,
      intervalMs: overrides.intervalMs ?? chunkIntervalMs,
      disconnectAfter: overrides.disconnectAfter,
      ...readFeatures(req.headers, recorded.json),
    };
    if (route === "chat") return toOpenAIChatResponse(recorded, echo(recorded, overrides), stream);
    if (route === "messages") {
      // like Anthropic, thinking sent back must carry the signature it was answered with
      const invalid = invalidThinkingSignature(recorded.json);
      if (invalid) return Response.json(anthropicErrorBody(400, invalid), { status: 400 });
      return toAnthropicMessageResponse(recorded, echo(recorded, overrides), stream);
    }
    return toOtherResponse(route, recorded);
  };
}

/** chunkCount 3, chunkIntervalMs 0. */
export const openAIAndAnthropicDefault: MockReply = createDefaultReply();

// --- internal ---

type Route =
  | "chat"
  | "messages"
  | "count_tokens"
  | "embeddings"
  | "completions"
  | "models"
  | "unknown";

// suffixes, so Azure-style paths (/openai/deployments/x/chat/completions) are served too
function toRoute({ method, path }: RecordedRequest): Route {
  if (method === "GET") return path.endsWith("/models") ? "models" : "unknown";
  if (method !== "POST") return "unknown";
  if (path.endsWith("/chat/completions")) return "chat";
  if (path.endsWith("/messages")) return "messages";
  if (path.endsWith("/messages/count_tokens")) return "count_tokens";
  if (path.endsWith("/embeddings")) return "embeddings";
  if (path.endsWith("/completions")) return "completions";
  return "unknown";
}

/** The last user message, or the tool results a tool loop sent back. */
function echo(recorded: RecordedRequest, overrides: MockOverrides): string {
  const results = toolResultsText(recorded.json);
  const text =
    results === undefined ? `echo: ${lastUserText(recorded.json)}` : `tool results: ${results}`;
  return overrides.bodyBytes === undefined ? text : padText(text, overrides.bodyBytes);
}

function toErrorResponse(route: Route, status: number): Response {
  const body = route === "messages" ? anthropicErrorBody(status) : openAIErrorBody(status);
  return Response.json(body, { status });
}

function toOtherResponse(route: Route, { json, method, path }: RecordedRequest): Response {
  if (route === "embeddings") {
    const base64 = isRecord(json) && json.encoding_format === "base64";
    return Response.json(embeddingList(embeddingInputs(json), requestedModel(json), base64));
  }
  if (route === "completions") {
    const prompt = completionPrompt(json);
    return Response.json(
      textCompletion(`echo: ${prompt}`, requestedModel(json), countWords(prompt)),
    );
  }
  if (route === "models") return Response.json(modelList());
  // a word count: an exact figure the tests can tell from the proxy's own estimate
  if (route === "count_tokens")
    return Response.json({ input_tokens: countWords(JSON.stringify(json)) });
  const message = `mock upstream has no route for ${method} ${path}`;
  return Response.json(openAIErrorBody(404, message), { status: 404 });
}
