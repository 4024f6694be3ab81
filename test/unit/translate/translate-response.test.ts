// Golden tests of whole JSON answers: Anthropic ⇄ chat, and chat or Anthropic into a Response.

import { describe, expect, test } from "bun:test";
import { translateResponseBody } from "../../../src/translate/index.ts";
const fixedClock = { now: () => 1_730_000_000_000 };

const createdSeconds = 1_730_000_000;

const anthropicAnswer = {
  id: "msg_01",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5",
  content: [
    { type: "thinking", thinking: "Two cities.", signature: "sig-1" },
    { type: "text", text: "Checking both." },
    { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
    { type: "tool_use", id: "toolu_2", name: "get_weather", input: { city: "Rome" } },
  ],
  stop_reason: "tool_use",
  stop_sequence: null,
  usage: {
    input_tokens: 20,
    cache_read_input_tokens: 100,
    cache_creation_input_tokens: 30,
    output_tokens: 12,
  },
};

const chatAnswer = {
  id: "chatcmpl-01",
  object: "chat.completion",
  created: createdSeconds,
  model: "gpt-4o",
  choices: [
    {
      index: 0,
      message: {
        role: "assistant",
        content: "Checking both.",
        refusal: null,
        tool_calls: [
          {
            id: "call_1",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Paris"}' },
          },
          {
            id: "call_2",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Rome"}' },
          },
        ],
      },
      logprobs: null,
      finish_reason: "tool_calls",
    },
  ],
  usage: {
    prompt_tokens: 150,
    completion_tokens: 12,
    total_tokens: 162,
    prompt_tokens_details: { cached_tokens: 100 },
  },
};

describe("anthropic-messages → openai-chat answers", () => {
  test("text, two tool calls, signed thinking and cache usage in OpenAI's convention", () => {
    const body = translateResponseBody(
      "anthropic-messages",
      "openai-chat",
      anthropicAnswer,
      { model: "c" },
      fixedClock,
    );
    expect(body).toEqual({
      id: "msg_01",
      object: "chat.completion",
      created: createdSeconds,
      model: "claude-sonnet-4-5",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: "Checking both.",
            refusal: null,
            reasoning_content: "Two cities.",
            thinking_blocks: [{ type: "thinking", thinking: "Two cities.", signature: "sig-1" }],
            tool_calls: [
              {
                id: "toolu_1",
                type: "function",
                function: { name: "get_weather", arguments: '{"city":"Paris"}' },
              },
              {
                id: "toolu_2",
                type: "function",
                function: { name: "get_weather", arguments: '{"city":"Rome"}' },
              },
            ],
          },
          logprobs: null,
          finish_reason: "tool_calls",
        },
      ],
      usage: {
        prompt_tokens: 150,
        completion_tokens: 12,
        total_tokens: 162,
        prompt_tokens_details: { cached_tokens: 100, cache_write_tokens: 30 },
      },
    });
  });

  test.each([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["max_tokens", "length"],
    ["tool_use", "tool_calls"],
    ["refusal", "content_filter"],
  ])("stop_reason %s is finish_reason %s", (stopReason, finishReason) => {
    const answer = { ...anthropicAnswer, stop_reason: stopReason };
    const body = translateResponseBody("anthropic-messages", "openai-chat", answer, {}, fixedClock);
    expect((body.choices as { finish_reason: string }[])[0]?.finish_reason).toBe(finishReason);
  });

  test("the forced structured-output tool comes back as content with finish_reason stop", () => {
    const answer = {
      ...anthropicAnswer,
      content: [
        { type: "tool_use", id: "toolu_9", name: "structured_output", input: { answer: "42" } },
      ],
    };
    const request = {
      response_format: { type: "json_schema", json_schema: { name: "r", schema: {} } },
    };
    const body = translateResponseBody(
      "anthropic-messages",
      "openai-chat",
      answer,
      request,
      fixedClock,
    );
    expect((body.choices as unknown[])[0]).toMatchObject({
      message: { content: '{"answer":"42"}' },
      finish_reason: "stop",
    });
    expect(JSON.stringify(body)).not.toContain("tool_calls");
  });
});

describe("openai-chat → anthropic-messages answers", () => {
  test("text, two tool uses and usage in Anthropic's convention (cache reads apart)", () => {
    const body = translateResponseBody("openai-chat", "anthropic-messages", chatAnswer, {
      model: "c",
    });
    expect(body).toEqual({
      id: "chatcmpl-01",
      type: "message",
      role: "assistant",
      model: "gpt-4o",
      content: [
        { type: "text", text: "Checking both." },
        { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Paris" } },
        { type: "tool_use", id: "call_2", name: "get_weather", input: { city: "Rome" } },
      ],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: {
        input_tokens: 50,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 100,
        output_tokens: 12,
      },
    });
  });

  test("a refusal is stop_reason refusal, never a normal stop", () => {
    const refused = {
      ...chatAnswer,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: null, refusal: "I can't help with that." },
          finish_reason: "stop",
        },
      ],
    };
    const body = translateResponseBody("openai-chat", "anthropic-messages", refused, {});
    expect(body).toMatchObject({
      stop_reason: "refusal",
      content: [{ type: "text", text: "I can't help with that." }],
    });
    const filtered = {
      ...chatAnswer,
      choices: [
        { index: 0, message: { role: "assistant", content: "" }, finish_reason: "content_filter" },
      ],
    };
    expect(
      translateResponseBody("openai-chat", "anthropic-messages", filtered, {}).stop_reason,
    ).toBe("refusal");
  });

  test("reasoning_content becomes a thinking block; thinking_blocks keep their signatures", () => {
    const withReasoning = (message: object) => ({
      ...chatAnswer,
      choices: [{ index: 0, message, finish_reason: "stop" }],
    });
    const plain = translateResponseBody(
      "openai-chat",
      "anthropic-messages",
      withReasoning({ content: "a", reasoning_content: "think" }),
      {},
    );
    expect(plain.content).toEqual([
      { type: "thinking", thinking: "think", signature: "" },
      { type: "text", text: "a" },
    ]);
    const blocks = [
      { type: "thinking", thinking: "think", signature: "sig" },
      { type: "redacted_thinking", data: "xyz" },
    ];
    const signed = translateResponseBody(
      "openai-chat",
      "anthropic-messages",
      withReasoning({ content: "a", reasoning_content: "think", thinking_blocks: blocks }),
      {},
    );
    expect(signed.content).toEqual([...blocks, { type: "text", text: "a" }]);
  });

  test("finish_reason length is max_tokens", () => {
    const cut = {
      ...chatAnswer,
      choices: [{ index: 0, message: { content: "a" }, finish_reason: "length" }],
    };
    expect(translateResponseBody("openai-chat", "anthropic-messages", cut, {}).stop_reason).toBe(
      "max_tokens",
    );
  });
});

describe("answers into a Response (openai-responses clients)", () => {
  const request = {
    model: "m",
    instructions: "Be brief.",
    tools: [{ type: "function", name: "get_weather" }, { type: "web_search" }],
  };

  test("a chat completion becomes message and function_call items with Responses usage", () => {
    const body = translateResponseBody(
      "openai-chat",
      "openai-responses",
      chatAnswer,
      request,
      fixedClock,
    );
    expect(body).toMatchObject({
      id: "resp_01",
      object: "response",
      created_at: createdSeconds,
      status: "completed",
      model: "gpt-4o",
      instructions: "Be brief.",
      tools: [{ type: "function", name: "get_weather" }],
      output: [
        {
          id: "msg_01_0",
          type: "message",
          role: "assistant",
          status: "completed",
          content: [{ type: "output_text", text: "Checking both.", annotations: [], logprobs: [] }],
        },
        {
          id: "fc_01_1",
          type: "function_call",
          call_id: "call_1",
          name: "get_weather",
          arguments: '{"city":"Paris"}',
          status: "completed",
        },
        {
          id: "fc_01_2",
          type: "function_call",
          call_id: "call_2",
          name: "get_weather",
          arguments: '{"city":"Rome"}',
          status: "completed",
        },
      ],
      usage: {
        input_tokens: 150,
        input_tokens_details: { cached_tokens: 100, cache_write_tokens: 0 },
        output_tokens: 12,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 162,
      },
    });
  });

  test("an Anthropic message becomes reasoning (signature as encrypted_content), message and calls", () => {
    const body = translateResponseBody(
      "anthropic-messages",
      "openai-responses",
      anthropicAnswer,
      request,
      fixedClock,
    );
    expect(body.output).toEqual([
      {
        id: "rs_01_0",
        type: "reasoning",
        summary: [{ type: "summary_text", text: "Two cities." }],
        encrypted_content: "sig-1",
      },
      {
        id: "msg_01_1",
        type: "message",
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text: "Checking both.", annotations: [], logprobs: [] }],
      },
      {
        id: "fc_01_2",
        type: "function_call",
        status: "completed",
        call_id: "toolu_1",
        name: "get_weather",
        arguments: '{"city":"Paris"}',
      },
      {
        id: "fc_01_3",
        type: "function_call",
        status: "completed",
        call_id: "toolu_2",
        name: "get_weather",
        arguments: '{"city":"Rome"}',
      },
    ]);
    expect(body.usage).toMatchObject({
      input_tokens: 150,
      input_tokens_details: { cached_tokens: 100, cache_write_tokens: 30 },
    });
  });

  test.each([
    ["max_tokens", "max_output_tokens"],
    ["refusal", "content_filter"],
  ])("stop_reason %s is an incomplete response (%s)", (stopReason, reason) => {
    const body = translateResponseBody(
      "anthropic-messages",
      "openai-responses",
      { ...anthropicAnswer, stop_reason: stopReason },
      request,
      fixedClock,
    );
    expect(body).toMatchObject({ status: "incomplete", incomplete_details: { reason } });
  });

  test("a chat refusal is a refusal content part", () => {
    const refused = {
      ...chatAnswer,
      choices: [{ index: 0, message: { content: null, refusal: "No." }, finish_reason: "stop" }],
    };
    const body = translateResponseBody(
      "openai-chat",
      "openai-responses",
      refused,
      request,
      fixedClock,
    );
    expect((body.output as { content: unknown }[])[0]?.content).toEqual([
      { type: "refusal", refusal: "No." },
    ]);
  });
});

test("same dialect answers pass through untouched", () => {
  expect(translateResponseBody("openai-chat", "openai-chat", chatAnswer, {})).toBe(chatAnswer);
});
