// Golden tests of chat completions (JSON) translated into Anthropic messages.

import { describe, expect, test } from "bun:test";
import { translateResponseBody } from "../../../src/translate/index.ts";
import { chatAnswer } from "./answer-fixtures.ts";

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
