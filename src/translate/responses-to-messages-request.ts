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
  const sources = new Map<string, string>();
  const chat = responsesToChat(body, context, sources);
  const rename = (path: string) => toClientPath(path, sources);
  const renaming: RequestContext = {
    dropped: context.dropped,
    drop: (path) => context.drop(rename(path)),
    refuse: (param, message) => context.refuse(rename(param), message),
  };
  return chatToMessagesRequest(chat, options, renaming);
}

// --- internal ---

/** The longest chat path prefix with a source, then the rest in the Responses field names. */
function toClientPath(path: string, sources: ReadonlyMap<string, string>): string {
  for (let end = path.length; end > 0; end = lastSegmentStart(path, end)) {
    const source = sources.get(path.slice(0, end));
    if (source !== undefined) return `${source}${toResponsesTail(path.slice(end))}`;
  }
  return path;
}

/** Where the last `.field` or `[index]` of path.slice(0, end) starts (0 when there is none). */
function lastSegmentStart(path: string, end: number): number {
  return Math.max(path.lastIndexOf(".", end - 1), path.lastIndexOf("[", end - 1), 0);
}

// Responses keeps at the part or item level what chat wraps in image_url, file and function
const responsesTails: readonly [chat: string, responses: string][] = [
  [".image_url.url", ".image_url"],
  [".image_url.", "."],
  [".file.", "."],
  [".function.", "."],
];

function toResponsesTail(rest: string): string {
  for (const [chat, responses] of responsesTails) {
    if (rest.startsWith(chat)) return `${responses}${rest.slice(chat.length)}`;
  }
  return rest;
}
