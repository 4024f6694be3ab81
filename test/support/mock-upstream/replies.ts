// `reply`: the scripted replies a test queues on the mock upstream.

import { anthropicErrorBody } from "./anthropic-wire.ts";
import {
  type ChatReplyInit,
  toAnthropicMessageResponse,
  toOpenAIChatResponse,
} from "./chat-responses.ts";
import { delay } from "./delay.ts";
import { loadFixtureEvents } from "./fixture-events.ts";
import { hangUntilAbort, toHangAfterHeadersResponse } from "./hang-replies.ts";
import { openAIErrorBody } from "./openai-wire.ts";
import { type SseResponseOptions, toSseResponse } from "./sse-response.ts";
import type { AnthropicUsage, MockReply, OpenAIUsage } from "./types.ts";

export type JsonReplyInit = { status?: number; headers?: Record<string, string>; delayMs?: number };

export const reply = {
  json(body: unknown, init: JsonReplyInit = {}): MockReply {
    return async (req) => {
      await delay(init.delayMs ?? 0, req.signal);
      return Response.json(body, { status: init.status ?? 200, headers: init.headers });
    };
  },

  /** The body defaults to an OpenAI-shaped error; a string body is sent as is. */
  status(status: number, body?: unknown, headers?: Record<string, string>): MockReply {
    return () => toStatusResponse(status, body ?? openAIErrorBody(status), headers);
  },

  /** Same as status(), with Anthropic's error shape as the default body. */
  anthropicStatus(status: number, body?: unknown, headers?: Record<string, string>): MockReply {
    return () => toStatusResponse(status, body ?? anthropicErrorBody(status), headers);
  },

  /** Each event is one SSE event text without its trailing blank line. */
  sse(events: string[], init: SseResponseOptions = {}): MockReply {
    return () => toSseResponse(events, init);
  },

  hang(): MockReply {
    return hangUntilAbort;
  },

  hangAfterHeaders(): MockReply {
    return toHangAfterHeadersResponse;
  },

  openAIChat(text: string, init: ChatReplyInit & { usage?: OpenAIUsage } = {}): MockReply {
    return (_req, recorded) => toOpenAIChatResponse(recorded, text, init);
  },

  anthropicMessage(text: string, init: ChatReplyInit & { usage?: AnthropicUsage } = {}): MockReply {
    return (_req, recorded) => toAnthropicMessageResponse(recorded, text, init);
  },

  /** Replays test/support/fixtures/<name>.sse, split on blank lines. */
  fixture(
    name: string,
    init: Pick<SseResponseOptions, "intervalMs" | "disconnectAfter"> = {},
  ): MockReply {
    let events: Promise<string[]> | undefined;
    return async () => {
      events ??= loadFixtureEvents(name);
      return toSseResponse(await events, init);
    };
  },
};

// --- internal ---

function toStatusResponse(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): Response {
  if (typeof body === "string") {
    return new Response(body, { status, headers: { "content-type": "text/plain", ...headers } });
  }
  return Response.json(body, { status, headers });
}
