// Golden tests of the chat chunks → Responses events state machine, and of Anthropic SSE through it.

import { describe, expect, test } from "bun:test";
import { type ClientEvent, readEvents, translateInChunks } from "./stream-helpers.ts";
import {
  anthropicErrorStream,
  anthropicRefusalStream,
  anthropicToolStream,
  chatErrorStream,
  chatInterleavedToolStream,
  chatRefusalStream,
  chatToolStream,
} from "./upstream-streams.ts";

const request = {
  model: "m",
  stream: true,
  input: "x",
  tools: [{ type: "function", name: "get_weather" }],
};

function events(upstream: "openai-chat" | "anthropic-messages", text: string): ClientEvent[] {
  return readEvents(translateInChunks({ upstream, client: "openai-responses" }, text, request));
}

/** Event type and what varies, without sequence numbers and envelopes. */
function summary(list: ClientEvent[]): string[] {
  return list.map(({ data }) => {
    const {
      type,
      sequence_number: _n,
      response: _r,
      item_id: _i,
      ...rest
    } = data as Record<string, unknown>;
    return `${type} ${JSON.stringify(rest)}`;
  });
}

describe("openai-chat → openai-responses streams", () => {
  test("reasoning, message and two function calls as items in order, then response.completed", () => {
    const list = events("openai-chat", chatToolStream);
    expect(
      list.map((event) => (event.data as { sequence_number: number }).sequence_number),
    ).toEqual(list.map((_, i) => i));
    expect(list.every((event) => event.name === (event.data as { type: string }).type)).toBe(true);
    expect(summary(list)).toEqual([
      "response.created {}",
      "response.in_progress {}",
      'response.output_item.added {"output_index":0,"item":{"id":"rs_01_0","type":"reasoning","summary":[],"encrypted_content":null}}',
      'response.reasoning_summary_part.added {"output_index":0,"summary_index":0,"part":{"type":"summary_text","text":""}}',
      'response.reasoning_summary_text.delta {"output_index":0,"summary_index":0,"delta":"Two cities, "}',
      'response.reasoning_summary_text.delta {"output_index":0,"summary_index":0,"delta":"two calls."}',
      'response.reasoning_summary_text.done {"output_index":0,"summary_index":0,"text":"Two cities, two calls."}',
      'response.reasoning_summary_part.done {"output_index":0,"summary_index":0,"part":{"type":"summary_text","text":"Two cities, two calls."}}',
      'response.output_item.done {"output_index":0,"item":{"id":"rs_01_0","type":"reasoning","summary":[{"type":"summary_text","text":"Two cities, two calls."}],"encrypted_content":"sig-9"}}',
      'response.output_item.added {"output_index":1,"item":{"id":"msg_01_1","type":"message","status":"in_progress","role":"assistant","content":[]}}',
      'response.content_part.added {"output_index":1,"content_index":0,"part":{"type":"output_text","text":"","annotations":[],"logprobs":[]}}',
      'response.output_text.delta {"output_index":1,"content_index":0,"delta":"Checking ☀️ in Paris ","logprobs":[]}',
      'response.output_text.delta {"output_index":1,"content_index":0,"delta":"and Rome.","logprobs":[]}',
      'response.output_text.done {"output_index":1,"content_index":0,"text":"Checking ☀️ in Paris and Rome.","logprobs":[]}',
      'response.content_part.done {"output_index":1,"content_index":0,"part":{"type":"output_text","text":"Checking ☀️ in Paris and Rome.","annotations":[],"logprobs":[]}}',
      'response.output_item.done {"output_index":1,"item":{"id":"msg_01_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Checking ☀️ in Paris and Rome.","annotations":[],"logprobs":[]}]}}',
      'response.output_item.added {"output_index":2,"item":{"id":"fc_01_2","type":"function_call","status":"in_progress","call_id":"call_1","name":"get_weather","arguments":""}}',
      'response.function_call_arguments.delta {"output_index":2,"delta":"{\\"city\\":\\"Paris\\"}"}',
      'response.function_call_arguments.done {"output_index":2,"arguments":"{\\"city\\":\\"Paris\\"}","name":"get_weather"}',
      'response.output_item.done {"output_index":2,"item":{"id":"fc_01_2","type":"function_call","status":"completed","call_id":"call_1","name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}',
      'response.output_item.added {"output_index":3,"item":{"id":"fc_01_3","type":"function_call","status":"in_progress","call_id":"call_2","name":"get_weather","arguments":""}}',
      'response.function_call_arguments.delta {"output_index":3,"delta":"{\\"city\\":\\"Rome\\"}"}',
      'response.function_call_arguments.done {"output_index":3,"arguments":"{\\"city\\":\\"Rome\\"}","name":"get_weather"}',
      'response.output_item.done {"output_index":3,"item":{"id":"fc_01_3","type":"function_call","status":"completed","call_id":"call_2","name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}',
      "response.completed {}",
    ]);
  });

  test("response.completed holds every item and the usage in the Responses convention", () => {
    const completed = events("openai-chat", chatToolStream).at(-1)?.data as {
      response: Record<string, unknown>;
    };
    expect(completed.response).toMatchObject({
      id: "resp_01",
      status: "completed",
      model: "gpt-4o",
      tools: [{ type: "function", name: "get_weather" }],
      usage: {
        input_tokens: 1265,
        input_tokens_details: { cached_tokens: 1200, cache_write_tokens: 40 },
        output_tokens: 87,
        total_tokens: 1352,
      },
    });
    expect((completed.response.output as { type: string }[]).map((item) => item.type)).toEqual([
      "reasoning",
      "message",
      "function_call",
      "function_call",
    ]);
  });

  test("interleaved argument deltas of two tools all arrive: the second call whole at the finish", () => {
    const completed = events("openai-chat", chatInterleavedToolStream).at(-1)?.data as {
      response: { output: Record<string, unknown>[] };
    };
    expect(completed.response.output).toMatchObject([
      { type: "function_call", call_id: "call_a", name: "get_weather", arguments: '{"x":1}' },
      { type: "function_call", call_id: "call_b", name: "get_time", arguments: '{"y":2}' },
    ]);
  });

  test("a refusal is a refusal part", () => {
    expect(summary(events("openai-chat", chatRefusalStream))).toContain(
      'response.refusal.done {"output_index":0,"content_index":0,"refusal":"I can\'t help with that."}',
    );
  });

  test("an upstream error becomes the Responses error event, with no response.completed", () => {
    const list = events("openai-chat", chatErrorStream);
    expect(list.at(-1)).toMatchObject({
      name: "error",
      data: {
        type: "error",
        code: "server_error",
        message: "The server had an error",
        param: null,
      },
    });
    expect(list.map((event) => event.name)).not.toContain("response.completed");
  });
});

describe("anthropic-messages → openai-responses streams", () => {
  test("signed thinking becomes a reasoning item whose encrypted_content is the signature", () => {
    const list = events("anthropic-messages", anthropicToolStream);
    const completed = list.at(-1)?.data as {
      type: string;
      response: { output: Record<string, unknown>[]; usage: unknown };
    };
    expect(completed.type).toBe("response.completed");
    expect(completed.response.output[0]).toEqual({
      id: "rs_01_0",
      type: "reasoning",
      summary: [{ type: "summary_text", text: "Two cities, two calls." }],
      encrypted_content: "EqQBCgIYAhIM1gbcDa9GJwZA",
    });
    expect(completed.response.output.slice(2)).toEqual([
      {
        id: "fc_01_2",
        type: "function_call",
        status: "completed",
        call_id: "toolu_01",
        name: "get_weather",
        arguments: '{"city": "Paris"}',
      },
      {
        id: "fc_01_3",
        type: "function_call",
        status: "completed",
        call_id: "toolu_02",
        name: "get_weather",
        arguments: '{"city": "Rome"}',
      },
    ]);
    expect(completed.response.usage).toMatchObject({
      input_tokens: 1265,
      input_tokens_details: { cached_tokens: 1200, cache_write_tokens: 40 },
      output_tokens: 87,
    });
  });

  test("a refusal is an incomplete response with reason content_filter", () => {
    const last = events("anthropic-messages", anthropicRefusalStream).at(-1);
    expect(last).toMatchObject({
      name: "response.incomplete",
      data: {
        response: { status: "incomplete", incomplete_details: { reason: "content_filter" } },
      },
    });
  });

  test("an Anthropic error event becomes the Responses error event", () => {
    expect(events("anthropic-messages", anthropicErrorStream).at(-1)).toMatchObject({
      name: "error",
      data: { code: "overloaded_error", message: "Overloaded" },
    });
  });
});
