// OpenAI wire objects as the official client parses them: chat completions, chunks, errors.

import { countWords, splitText } from "./text-pieces.ts";
import type { OpenAIUsage } from "./types.ts";
import { nextWireId, nowSeconds } from "./wire-ids.ts";

export const defaultModel = "mock-model";

export type OpenAIUsageBody = OpenAIUsage & { total_tokens: number };

export type ChatCompletion = {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: {
    index: number;
    message: { role: "assistant"; content: string; refusal: null };
    logprobs: null;
    finish_reason: "stop";
  }[];
  usage: OpenAIUsageBody;
};

export type ChatCompletionChunk = {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: {
    index: number;
    delta: { role?: "assistant"; content?: string };
    logprobs: null;
    finish_reason: "stop" | null;
  }[];
  usage?: OpenAIUsageBody;
};

export type OpenAIChatChunksOptions = {
  chunks: number;
  model?: string;
  includeUsage?: boolean;
  usage?: OpenAIUsage;
};

export function openAIChatCompletion(
  text: string,
  model = defaultModel,
  usage?: OpenAIUsage,
): ChatCompletion {
  return {
    id: nextWireId("chatcmpl-mock"),
    object: "chat.completion",
    created: nowSeconds(),
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text, refusal: null },
        logprobs: null,
        finish_reason: "stop",
      },
    ],
    usage: toUsageBody(usage ?? { prompt_tokens: 0, completion_tokens: countWords(text) }),
  };
}

/** SSE event texts: a role chunk, `chunks` content chunks, a stop chunk, [usage], "data: [DONE]". */
export function openAIChatChunks(text: string, opts: OpenAIChatChunksOptions): string[] {
  const base = { id: nextWireId("chatcmpl-mock"), created: nowSeconds() };
  const model = opts.model ?? defaultModel;
  const chunk = (
    delta: ChatCompletionChunk["choices"][number]["delta"],
    finishReason: "stop" | null,
  ): string => {
    const body: ChatCompletionChunk = {
      ...base,
      object: "chat.completion.chunk",
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
    return `data: ${JSON.stringify(body)}`;
  };
  const events = [chunk({ role: "assistant", content: "" }, null)];
  for (const piece of splitText(text, opts.chunks)) events.push(chunk({ content: piece }, null));
  events.push(chunk({}, "stop"));
  if (opts.includeUsage) {
    const usage = opts.usage ?? { prompt_tokens: 0, completion_tokens: countWords(text) };
    const body: ChatCompletionChunk = {
      ...base,
      object: "chat.completion.chunk",
      model,
      choices: [],
      usage: toUsageBody(usage),
    };
    events.push(`data: ${JSON.stringify(body)}`);
  }
  events.push("data: [DONE]");
  return events;
}

export function toUsageBody(usage: OpenAIUsage): OpenAIUsageBody {
  return { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
}

export type OpenAIErrorBody = {
  error: { message: string; type: string; param: null; code: string | null };
};

export function openAIErrorBody(status: number, message?: string): OpenAIErrorBody {
  const [type, code] = toErrorKind(status);
  return {
    error: { message: message ?? `mock upstream replied ${status}`, type, param: null, code },
  };
}

// --- internal ---

/** The type and code real OpenAI sends for common statuses. */
function toErrorKind(status: number): [type: string, code: string | null] {
  if (status === 401) return ["invalid_request_error", "invalid_api_key"];
  if (status === 429) return ["requests", "rate_limit_exceeded"];
  if (status >= 500) return ["server_error", null];
  return ["invalid_request_error", null];
}
