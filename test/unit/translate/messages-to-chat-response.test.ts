// Golden tests of Anthropic messages (JSON) translated into chat completions.

import { describe, expect, test } from "bun:test";
import { translateResponseBody } from "../../../src/translate/index.ts";
import { anthropicAnswer, chatAnswer, createdSeconds, fixedClock } from "./answer-fixtures.ts";

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

test("same dialect answers pass through untouched", () => {
  expect(translateResponseBody("openai-chat", "openai-chat", chatAnswer, {})).toBe(chatAnswer);
});
