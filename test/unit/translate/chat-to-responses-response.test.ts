// Golden tests of chat completions and Anthropic messages (JSON) translated into a Response.

import { describe, expect, test } from "bun:test";
import { translateResponseBody } from "../../../src/translate/index.ts";
import { anthropicAnswer, chatAnswer, createdSeconds, fixedClock } from "./answer-fixtures.ts";

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
