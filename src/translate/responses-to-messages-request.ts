// openai-responses request → anthropic-messages request (Codex on claude-*): through chat, with
// every dropped or refused path named as the client wrote it.

import { chatToMessagesRequest } from "./chat-to-messages-request.ts";
import type { JsonObject } from "./json-values.ts";
import type { RequestContext } from "./request-context.ts";
import { responsesToChat } from "./responses-to-chat-request.ts";
import type { TranslateOptions } from "./types.ts";

export function responsesToMessagesRequest(
  body: JsonObject,
  options: TranslateOptions,
  context: RequestContext,
): JsonObject {
  const chat = responsesToChat(body, context);
  const rename = (path: string) => toClientPath(path, chat.sources);
  const renaming: RequestContext = {
    dropped: context.dropped,
    drop: (path) => context.drop(rename(path)),
    refuse: (param, message) => context.refuse(rename(param), message),
  };
  return chatToMessagesRequest(chat.body, options, renaming);
}

// --- internal ---

function toClientPath(path: string, sources: ReadonlyMap<string, string>): string {
  const prefix = /^[a-z_]+(\[\d+\])?/.exec(path)?.[0] ?? path;
  const source = sources.get(prefix);
  if (source === undefined) return path;
  const rest = path.slice(prefix.length);
  // chat's reasoning fields stand for the reasoning item itself
  return rest === ".reasoning_content" ? source : `${source}${rest}`;
}
