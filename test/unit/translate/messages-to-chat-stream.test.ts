// Golden tests of the Anthropic SSE → chat completion chunks state machine.

import { describe, expect, test } from "bun:test";
import { type ClientEvent, readEvents, translateInChunks } from "./stream-helpers.ts";
import {
  anthropicErrorStream,
  anthropicRefusalStream,
  anthropicStructuredStream,
  anthropicToolStream,
} from "./upstream-streams.ts";

const direction = { upstream: "anthropic-messages", client: "openai-chat" } as const;
const withUsage = { model: "c", stream: true, stream_options: { include_usage: true } };

function chunks(upstream: string, request: Record<string, unknown> = withUsage): ClientEvent[] {
  return readEvents(translateInChunks(direction, upstream, request));
}

/** The delta (or usage) of each chunk, without the envelope every chunk repeats. */
function deltas(events: ClientEvent[]): unknown[] {
  return events.map(({ data }) => {
    if (typeof data === "string") return data;
    const { choices, usage } = data as {
      choices: { delta: unknown; finish_reason: unknown }[];
      usage?: unknown;
    };
    const choice = choices[0];
    if (choice === undefined) return { usage };
    return choice.finish_reason === null ? choice.delta : { finish_reason: choice.finish_reason };
  });
}

describe("anthropic-messages → openai-chat streams", () => {
  test("thinking with its signature, text, two tool calls, cache usage, then [DONE]", () => {
    const events = chunks(anthropicToolStream);
    expect(events[0]?.data).toEqual({
      id: "msg_01",
      object: "chat.completion.chunk",
      created: 1_730_000_000,
      model: "claude-sonnet-4-5",
      choices: [
        {
          index: 0,
          delta: { role: "assistant", content: "" },
          logprobs: null,
          finish_reason: null,
        },
      ],
    });
    expect(deltas(events)).toEqual([
      { role: "assistant", content: "" },
      { reasoning_content: "Two cities, " },
      { reasoning_content: "two calls." },
      {
        thinking_blocks: [
          {
            type: "thinking",
            thinking: "Two cities, two calls.",
            signature: "EqQBCgIYAhIM1gbcDa9GJwZA",
          },
        ],
      },
      { content: "Checking ☀️ in Paris " },
      { content: "and Rome." },
      {
        tool_calls: [
          {
            index: 0,
            id: "toolu_01",
            type: "function",
            function: { name: "get_weather", arguments: "" },
          },
        ],
      },
      { tool_calls: [{ index: 0, function: { arguments: '{"city": "Par' } }] },
      { tool_calls: [{ index: 0, function: { arguments: 'is"}' } }] },
      {
        tool_calls: [
          {
            index: 1,
            id: "toolu_02",
            type: "function",
            function: { name: "get_weather", arguments: "" },
          },
        ],
      },
      { tool_calls: [{ index: 1, function: { arguments: '{"city": "Rome"}' } }] },
      { finish_reason: "tool_calls" },
      {
        usage: {
          prompt_tokens: 1265,
          completion_tokens: 87,
          total_tokens: 1352,
          prompt_tokens_details: { cached_tokens: 1200, cache_write_tokens: 40 },
        },
      },
      "[DONE]",
    ]);
  });

  test("the usage chunk comes only when the client asked for it", () => {
    const events = chunks(anthropicToolStream, { model: "c", stream: true });
    expect(deltas(events).slice(-2)).toEqual([{ finish_reason: "tool_calls" }, "[DONE]"]);
  });

  test("a message_start with zero usage takes the counts message_delta reports", () => {
    const usage = deltas(chunks(anthropicToolStream)).at(-2) as {
      usage: { prompt_tokens: number };
    };
    expect(usage.usage.prompt_tokens).toBe(25 + 40 + 1200);
  });

  test("without counts in message_delta, message_start's input stays", () => {
    const usage = deltas(chunks(anthropicRefusalStream)).at(-2);
    expect(usage).toMatchObject({ usage: { prompt_tokens: 10, completion_tokens: 7 } });
  });

  test("a refusal ends with content_filter, not a normal stop", () => {
    expect(deltas(chunks(anthropicRefusalStream))).toContainEqual({
      finish_reason: "content_filter",
    });
  });

  test("the structured-output tool streams as content and ends with stop", () => {
    const request = { ...withUsage, response_format: { type: "json_object" } };
    const out = deltas(chunks(anthropicStructuredStream, request));
    expect(out.slice(1, 4)).toEqual([
      { content: '{"answer":' },
      { content: ' "42"}' },
      { finish_reason: "stop" },
    ]);
  });

  test("an upstream error event ends the stream with an OpenAI error event and no [DONE]", () => {
    const events = chunks(anthropicErrorStream);
    expect(events.at(-1)).toEqual({
      name: "error",
      data: {
        error: {
          message: "Overloaded",
          type: "overloaded_error",
          param: null,
          code: "overloaded_error",
        },
      },
    });
    expect(events.map((event) => event.data)).not.toContain("[DONE]");
  });

  test("a stream that closes after its stop reason but before message_stop still ends", () => {
    const withoutStop = anthropicRefusalStream.replace(
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
      "",
    );
    expect(withoutStop).not.toContain("message_stop");
    expect(deltas(chunks(withoutStop)).slice(-3)).toEqual([
      { finish_reason: "content_filter" },
      { usage: expect.objectContaining({ completion_tokens: 7 }) },
      "[DONE]",
    ]);
  });

  test("a stream cut before its stop reason gets no invented ending", () => {
    const cut = anthropicRefusalStream.slice(
      0,
      anthropicRefusalStream.indexOf("event: message_delta"),
    );
    const events = chunks(cut);
    expect(events.map((event) => event.data)).not.toContain("[DONE]");
    expect(deltas(events).at(-1)).toEqual({ content: "I can't help with that." });
  });
});
