// createStreamTranslator: the upstream's raw SSE bytes, in any chunking, as the client's SSE bytes.

import { systemClock } from "../shared/index.ts";
import { type AnswerOptions, toAnswerOptions } from "./answer-options.ts";
import { createChatToMessagesStream } from "./chat-to-messages-stream.ts";
import { createChatToResponsesStream } from "./chat-to-responses-stream.ts";
import { createMessagesToChatStream } from "./messages-to-chat-stream.ts";
import { createSseDecoder } from "./sse-decoder.ts";
import type { ApiDialect, StreamTranslator, WallClock } from "./types.ts";
import {
  chainTranslators,
  type EventTranslator,
  encodeWireEvents,
  toWireEvent,
} from "./wire-event.ts";

export function createStreamTranslator(
  upstream: ApiDialect,
  client: ApiDialect,
  clientRequest: Record<string, unknown>,
  clock: WallClock = systemClock,
): StreamTranslator {
  if (upstream === client) return { push: (chunk) => chunk, flush: () => null };
  const translator = createEventTranslator(
    upstream,
    client,
    toAnswerOptions(client, clientRequest, clock),
  );
  const decoder = createSseDecoder();
  return {
    push: (chunk) =>
      encodeWireEvents(
        decoder.push(chunk).flatMap((event) => translator.translate(toWireEvent(event))),
      ),
    flush() {
      const last = decoder.flush().flatMap((event) => translator.translate(toWireEvent(event)));
      return encodeWireEvents([...last, ...translator.end()]);
    },
  };
}

// --- internal ---

function createEventTranslator(
  upstream: ApiDialect,
  client: ApiDialect,
  options: AnswerOptions,
): EventTranslator {
  const direction = `${upstream}->${client}`;
  switch (direction) {
    case "anthropic-messages->openai-chat":
      return createMessagesToChatStream(options);
    case "openai-chat->anthropic-messages":
      return createChatToMessagesStream(options);
    case "openai-chat->openai-responses":
      return createChatToResponsesStream(options);
    case "anthropic-messages->openai-responses":
      return chainTranslators(
        createMessagesToChatStream(options),
        createChatToResponsesStream(options),
      );
    default:
      throw new Error(`no stream translation for ${direction}`);
  }
}
