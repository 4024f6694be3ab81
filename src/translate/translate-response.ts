// translateResponseBody: a whole JSON answer from the upstream's dialect into the client's.

import { systemClock } from "../shared/index.ts";
import { toAnswerOptions } from "./answer-options.ts";
import { chatCompletionToMessage } from "./chat-to-messages-response.ts";
import { chatCompletionToResponse } from "./chat-to-responses-response.ts";
import { isRecord } from "./json-values.ts";
import { messageToChatCompletion } from "./messages-to-chat-response.ts";
import type { ApiDialect, WallClock } from "./types.ts";

export function translateResponseBody(
  upstream: ApiDialect,
  client: ApiDialect,
  body: unknown,
  clientRequest: Record<string, unknown>,
  clock: WallClock = systemClock,
): Record<string, unknown> {
  if (upstream === client) return isRecord(body) ? body : {};
  const options = toAnswerOptions(client, clientRequest, clock);
  const direction = `${upstream}->${client}`;
  switch (direction) {
    case "anthropic-messages->openai-chat":
      return messageToChatCompletion(body, options);
    case "openai-chat->anthropic-messages":
      return chatCompletionToMessage(body, options);
    case "openai-chat->openai-responses":
      return chatCompletionToResponse(body, options);
    case "anthropic-messages->openai-responses":
      return chatCompletionToResponse(messageToChatCompletion(body, options), options);
    default:
      throw new Error(`no answer translation for ${direction}`);
  }
}
