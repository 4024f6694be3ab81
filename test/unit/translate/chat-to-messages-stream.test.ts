// Golden tests of the chat completion chunks → Anthropic SSE state machine.

import { describe, expect, test } from "bun:test";
import { type ClientEvent, chatSse, readEvents, translateInChunks } from "./stream-helpers.ts";
import {
  chatErrorStream,
  chatInterleavedToolStream,
  chatRefusalStream,
  chatToolStream,
  chatToolThenTextStream,
} from "./upstream-streams.ts";

const direction = { upstream: "openai-chat", client: "anthropic-messages" } as const;

function events(upstream: string): ClientEvent[] {
  return readEvents(
    translateInChunks(direction, upstream, { model: "claude-x", max_tokens: 100, stream: true }),
  );
}

/** Event name and the data fields that vary, in one line per event. */
function summary(list: ClientEvent[]): string[] {
  return list.map(({ name, data }) => {
    const record = data as Record<string, unknown>;
    const detail = record.delta ?? record.content_block;
    const parts = [name, record.index, detail === undefined ? undefined : JSON.stringify(detail)];
    return parts.filter((part) => part !== undefined).join(" ");
  });
}

describe("openai-chat → anthropic-messages streams", () => {
  test("thinking, text and two tool calls as blocks in order, each closed before the next", () => {
    const list = events(chatToolStream);
    expect(list[0]).toEqual({
      name: "message_start",
      data: {
        type: "message_start",
        message: {
          id: "chatcmpl-01",
          type: "message",
          role: "assistant",
          model: "gpt-4o",
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      },
    });
    expect(summary(list.slice(1))).toEqual([
      'content_block_start 0 {"type":"thinking","thinking":"","signature":""}',
      'content_block_delta 0 {"type":"thinking_delta","thinking":"Two cities, "}',
      'content_block_delta 0 {"type":"thinking_delta","thinking":"two calls."}',
      'content_block_delta 0 {"type":"signature_delta","signature":"sig-9"}',
      "content_block_stop 0",
      'content_block_start 1 {"type":"text","text":""}',
      'content_block_delta 1 {"type":"text_delta","text":"Checking ☀️ in Paris "}',
      'content_block_delta 1 {"type":"text_delta","text":"and Rome."}',
      "content_block_stop 1",
      'content_block_start 2 {"type":"tool_use","id":"call_1","name":"get_weather","input":{}}',
      'content_block_delta 2 {"type":"input_json_delta","partial_json":"{\\"city\\":\\"Paris\\"}"}',
      "content_block_stop 2",
      'content_block_start 3 {"type":"tool_use","id":"call_2","name":"get_weather","input":{}}',
      'content_block_delta 3 {"type":"input_json_delta","partial_json":"{\\"city\\":\\"Rome\\"}"}',
      "content_block_stop 3",
      'message_delta {"stop_reason":"tool_use","stop_sequence":null}',
      "message_stop",
    ]);
  });

  test("message_delta carries the upstream's own usage with cache reads and writes apart", () => {
    const delta = events(chatToolStream).find((event) => event.name === "message_delta");
    expect((delta?.data as { usage?: unknown } | undefined)?.usage).toEqual({
      input_tokens: 25,
      cache_creation_input_tokens: 40,
      cache_read_input_tokens: 1200,
      output_tokens: 87,
    });
  });

  test("a tool block is closed before the text that follows it", () => {
    expect(summary(events(chatToolThenTextStream)).slice(1, 7)).toEqual([
      'content_block_start 0 {"type":"tool_use","id":"call_1","name":"lookup","input":{}}',
      'content_block_delta 0 {"type":"input_json_delta","partial_json":"{\\"q\\":1}"}',
      "content_block_stop 0",
      'content_block_start 1 {"type":"text","text":""}',
      'content_block_delta 1 {"type":"text_delta","text":"Also, a note."}',
      "content_block_stop 1",
    ]);
  });

  test("arguments that come only at the end, after an empty delta, land in their own block", () => {
    const base = { id: "c", object: "chat.completion.chunk", created: 1, model: "m" };
    const chunk = (delta: object, finish: string | null = null) => ({
      ...base,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    const upstream = chatSse([
      chunk({
        tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "a" } }],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: "" } }] }),
      chunk({
        tool_calls: [
          { index: 1, id: "call_b", type: "function", function: { name: "b", arguments: "" } },
        ],
      }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '{"x":2}' } }] }, "tool_calls"),
    ]);
    expect(summary(events(upstream)).slice(1, 6)).toEqual([
      'content_block_start 0 {"type":"tool_use","id":"call_a","name":"a","input":{}}',
      "content_block_stop 0",
      'content_block_start 1 {"type":"tool_use","id":"call_b","name":"b","input":{}}',
      'content_block_delta 1 {"type":"input_json_delta","partial_json":"{\\"x\\":2}"}',
      "content_block_stop 1",
    ]);
  });

  test("interleaved argument deltas of two tools all arrive: the second tool whole at the finish", () => {
    expect(summary(events(chatInterleavedToolStream)).slice(1, -2)).toEqual([
      'content_block_start 0 {"type":"tool_use","id":"call_a","name":"get_weather","input":{}}',
      'content_block_delta 0 {"type":"input_json_delta","partial_json":"{\\"x\\":"}',
      'content_block_delta 0 {"type":"input_json_delta","partial_json":"1}"}',
      "content_block_stop 0",
      'content_block_start 1 {"type":"tool_use","id":"call_b","name":"get_time","input":{}}',
      'content_block_delta 1 {"type":"input_json_delta","partial_json":"{\\"y\\":2}"}',
      "content_block_stop 1",
    ]);
  });

  test("a held tool streams live once no tool block is open", () => {
    const base = { id: "c", object: "chat.completion.chunk", created: 1, model: "m" };
    const chunk = (delta: object, finish: string | null = null) => ({
      ...base,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    const call = (index: number, fn: object, id?: string) => ({
      tool_calls: [{ index, ...(id ? { id, type: "function" } : {}), function: fn }],
    });
    const upstream = chatSse([
      chunk(call(0, { name: "a", arguments: "{}" }, "call_a")),
      chunk(call(1, { name: "b", arguments: '{"y":' }, "call_b")),
      chunk({ content: "note" }),
      chunk(call(1, { arguments: "2}" })),
      chunk({}, "tool_calls"),
    ]);
    expect(summary(events(upstream)).slice(1, -2)).toEqual([
      'content_block_start 0 {"type":"tool_use","id":"call_a","name":"a","input":{}}',
      'content_block_delta 0 {"type":"input_json_delta","partial_json":"{}"}',
      "content_block_stop 0",
      'content_block_start 1 {"type":"text","text":""}',
      'content_block_delta 1 {"type":"text_delta","text":"note"}',
      "content_block_stop 1",
      'content_block_start 2 {"type":"tool_use","id":"call_b","name":"b","input":{}}',
      'content_block_delta 2 {"type":"input_json_delta","partial_json":"{\\"y\\":2}"}',
      "content_block_stop 2",
    ]);
  });

  test("Azure's first chunk (no choices, empty id and model) does not open the message", () => {
    const filters = {
      choices: [],
      created: 0,
      id: "",
      model: "",
      object: "",
      prompt_filter_results: [],
    };
    const list = events(`data: ${JSON.stringify(filters)}\n\n${chatToolThenTextStream}`);
    expect(list[0]?.data).toMatchObject({ message: { id: "chatcmpl-01", model: "gpt-4o" } });
    expect(list.filter((event) => event.name === "message_start")).toHaveLength(1);
  });

  test("a refusal ends with stop_reason refusal", () => {
    const delta = events(chatRefusalStream).find((event) => event.name === "message_delta");
    expect(delta?.data).toMatchObject({ delta: { stop_reason: "refusal" } });
  });

  test("an upstream error object ends the stream with Anthropic's error event", () => {
    const list = events(chatErrorStream);
    expect(list.at(-1)).toEqual({
      name: "error",
      data: { type: "error", error: { type: "api_error", message: "The server had an error" } },
    });
    expect(list.map((event) => event.name)).not.toContain("message_stop");
  });

  test("a stream that closes without [DONE] after its finish still ends the message", () => {
    const withoutDone = chatToolThenTextStream.replace("data: [DONE]\n\n", "");
    expect(summary(events(withoutDone)).slice(-2)).toEqual([
      'message_delta {"stop_reason":"tool_use","stop_sequence":null}',
      "message_stop",
    ]);
  });
});
