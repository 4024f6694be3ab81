// translateRequest: one request body from the client's dialect into a candidate's dialect.

import { chatToMessagesRequest } from "./chat-to-messages-request.ts";
import { isRecord, type JsonObject } from "./json-values.ts";
import { messagesToChatRequest } from "./messages-to-chat-request.ts";
import {
  createRequestContext,
  type RequestContext,
  UntranslatableFieldError,
} from "./request-context.ts";
import { responsesToChat } from "./responses-to-chat-request.ts";
import { responsesToMessagesRequest } from "./responses-to-messages-request.ts";
import type { ApiDialect, RequestTranslation, TranslateOptions } from "./types.ts";

/** Whether a request in `from` can reach a provider that speaks `to` (same dialect: as it is). */
export function canTranslate(from: ApiDialect, to: ApiDialect): boolean {
  return from === to || requestTranslators[`${from}->${to}`] !== undefined;
}

export function translateRequest(
  from: ApiDialect,
  to: ApiDialect,
  body: Record<string, unknown>,
  options: TranslateOptions,
): RequestTranslation {
  const path = dialectPaths[to];
  if (from === to) return { ok: true, request: { body, path, dropped: [] } };
  const translator = requestTranslators[`${from}->${to}`];
  if (translator === undefined) {
    return {
      ok: false,
      error: { param: "model", message: `${from} cannot be translated to ${to}` },
    };
  }
  const context = createRequestContext();
  try {
    const translated = translator(isRecord(body) ? body : {}, options, context);
    return { ok: true, request: { body: translated, path, dropped: context.dropped } };
  } catch (error: unknown) {
    if (error instanceof UntranslatableFieldError)
      return { ok: false, error: error.toUntranslatable() };
    throw error;
  }
}

// --- internal ---

const dialectPaths: Record<ApiDialect, string> = {
  "openai-chat": "/v1/chat/completions",
  "openai-responses": "/v1/responses",
  "anthropic-messages": "/v1/messages",
};

type RequestTranslator = (
  body: JsonObject,
  options: TranslateOptions,
  context: RequestContext,
) => JsonObject;

const requestTranslators: Partial<Record<`${ApiDialect}->${ApiDialect}`, RequestTranslator>> = {
  "openai-chat->anthropic-messages": chatToMessagesRequest,
  "anthropic-messages->openai-chat": (body, _options, context) =>
    messagesToChatRequest(body, context),
  "openai-responses->openai-chat": (body, _options, context) => responsesToChat(body, context),
  "openai-responses->anthropic-messages": responsesToMessagesRequest,
};
