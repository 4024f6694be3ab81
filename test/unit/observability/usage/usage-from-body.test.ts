import { describe, expect, test } from "bun:test";
import { type UsageKind, usageFromBody } from "../../../../src/observability/usage/index.ts";
import { estimatedUsage, reportedUsage as reported, utf8 } from "./sse-chunks.ts";

const json = (value: unknown) => utf8(JSON.stringify(value));

// 12 chars of request text: 3 tokens
const chatRequest = { model: "m", messages: [{ role: "user", content: "abcdefghijkl" }] };

describe("reported usage", () => {
  test("reads OpenAI chat usage with cached prompt tokens", () => {
    const body = {
      object: "chat.completion",
      choices: [{ index: 0, message: { role: "assistant", content: "Hi" } }],
      usage: {
        prompt_tokens: 20,
        completion_tokens: 5,
        total_tokens: 25,
        prompt_tokens_details: { cached_tokens: 8 },
      },
    };
    expect(usageFromBody("openai_chat", json(body), chatRequest)).toEqual(reported(20, 5, 8));
  });

  test("reads legacy completions usage", () => {
    const body = {
      object: "text_completion",
      choices: [{ text: "a poem" }],
      usage: { prompt_tokens: 7, completion_tokens: 3 },
    };
    expect(usageFromBody("openai_completion", json(body), undefined)).toEqual(reported(7, 3));
  });

  test("reads embeddings usage as input only", () => {
    const body = { object: "list", data: [], usage: { prompt_tokens: 8, total_tokens: 8 } };
    expect(usageFromBody("openai_embeddings", json(body), undefined)).toEqual(reported(8, 0));
  });

  test("reads Responses API usage with cached input tokens", () => {
    const body = {
      object: "response",
      output: [{ type: "message", content: [{ type: "output_text", text: "Hi" }] }],
      usage: {
        input_tokens: 30,
        input_tokens_details: { cached_tokens: 10 },
        output_tokens: 9,
        output_tokens_details: { reasoning_tokens: 4 },
        total_tokens: 39,
      },
    };
    expect(usageFromBody("openai_responses", json(body), undefined)).toEqual(reported(30, 9, 10));
  });

  test("reads Anthropic usage with cache reads and writes, counting both as input", () => {
    const body = {
      type: "message",
      content: [{ type: "text", text: "Hi" }],
      usage: {
        input_tokens: 15,
        cache_creation_input_tokens: 3,
        cache_read_input_tokens: 100,
        output_tokens: 6,
      },
    };
    // Anthropic's input_tokens excludes the cache: 15 + 100 + 3 input tokens in all
    expect(usageFromBody("anthropic_messages", json(body), undefined)).toEqual(
      reported(118, 6, 100, 3),
    );
  });

  test("reads OpenAI cache writes from the prompt and input token details", () => {
    const chat = {
      choices: [],
      usage: {
        prompt_tokens: 40,
        completion_tokens: 2,
        prompt_tokens_details: { cached_tokens: 10, cache_write_tokens: 20 },
      },
    };
    const responses = {
      output: [],
      usage: {
        input_tokens: 40,
        output_tokens: 2,
        input_tokens_details: { cached_tokens: 10, cache_write_tokens: 20 },
      },
    };
    expect(usageFromBody("openai_chat", json(chat), undefined)).toEqual(reported(40, 2, 10, 20));
    expect(usageFromBody("openai_responses", json(responses), undefined)).toEqual(
      reported(40, 2, 10, 20),
    );
  });

  test("reads DeepSeek's prompt_cache_hit_tokens as cache reads", () => {
    const body = {
      choices: [],
      usage: {
        prompt_tokens: 50,
        prompt_cache_hit_tokens: 32,
        prompt_cache_miss_tokens: 18,
        completion_tokens: 4,
      },
    };
    expect(usageFromBody("openai_chat", json(body), undefined)).toEqual(reported(50, 4, 32));
  });

  test("never counts fewer input tokens than the cache parts it reports", () => {
    const body = {
      choices: [],
      usage: {
        prompt_tokens: 5,
        completion_tokens: 1,
        prompt_tokens_details: { cached_tokens: 9 },
      },
    };
    expect(usageFromBody("openai_chat", json(body), undefined)).toEqual(reported(9, 1, 9));
  });

  test("treats a cached count that is absent or null as 0", () => {
    const body = { choices: [], usage: { prompt_tokens: 1, completion_tokens: 2 } };
    const anthropic = { content: [], usage: { input_tokens: 1, output_tokens: 2 } };
    const nulled = {
      content: [],
      usage: { input_tokens: 1, output_tokens: 2, cache_read_input_tokens: null },
    };
    expect(usageFromBody("openai_chat", json(body), undefined)).toEqual(reported(1, 2));
    expect(usageFromBody("anthropic_messages", json(anthropic), undefined)).toEqual(reported(1, 2));
    expect(usageFromBody("anthropic_messages", json(nulled), undefined)).toEqual(reported(1, 2));
  });
});

describe("estimated usage", () => {
  test("estimates a chat reply's tokens from its text and tool-call arguments", () => {
    const body = {
      choices: [
        {
          message: {
            role: "assistant",
            content: "Hello there",
            tool_calls: [{ type: "function", function: { name: "f", arguments: '{"a":1}' } }],
          },
        },
      ],
    };
    // 11 + 7 = 18 chars of output: 5 tokens
    expect(usageFromBody("openai_chat", json(body), chatRequest)).toEqual(estimatedUsage(3, 5));
  });

  test("uses the reported input and estimates only the missing output", () => {
    const body = { choices: [{ message: { content: "abcd" } }], usage: { prompt_tokens: 50 } };
    expect(usageFromBody("openai_chat", json(body), chatRequest)).toEqual(estimatedUsage(50, 1));
  });

  test.each<[UsageKind, unknown, unknown, number, number]>([
    ["openai_completion", { choices: [{ text: "abcde" }] }, { prompt: "abcdefgh" }, 2, 2],
    ["openai_embeddings", { data: [] }, { input: ["abcd", "efghi"] }, 3, 0],
    [
      "openai_responses",
      {
        output: [
          { type: "reasoning", summary: [{ type: "summary_text", text: "abcd" }] },
          { type: "message", content: [{ type: "output_text", text: "abcd" }] },
          { type: "function_call", arguments: "{}" },
        ],
      },
      { instructions: "abcd", input: "abcd" },
      2,
      3,
    ],
    [
      "anthropic_messages",
      {
        content: [
          { type: "text", text: "abcd" },
          { type: "tool_use", id: "t", name: "f", input: { city: "Paris" } },
        ],
      },
      { system: "abcd", messages: [{ role: "user", content: "abcd" }] },
      2,
      // "abcd" + '{"city":"Paris"}' = 4 + 16 chars
      5,
    ],
  ])("estimates %s without usage", (kind, body, request, input, output) => {
    expect(usageFromBody(kind, json(body), request)).toEqual(estimatedUsage(input, output));
  });

  test("estimates zero input when the request body is unknown", () => {
    const usage = usageFromBody("openai_chat", json({ choices: [] }), undefined);
    expect(usage).toEqual(estimatedUsage(0, 0));
  });

  test("ignores usage fields that are not token counts", () => {
    const body = { choices: [], usage: { prompt_tokens: "9", completion_tokens: -1 } };
    expect(usageFromBody("openai_chat", json(body), chatRequest)).toMatchObject({
      input_tokens: 3,
      output_tokens: 0,
      estimated: true,
    });
  });
});

describe("no usage at all", () => {
  test("returns undefined for the other kind", () => {
    const body = json({ usage: { prompt_tokens: 1, completion_tokens: 1 } });
    expect(usageFromBody("other", body, chatRequest)).toBeUndefined();
  });

  test.each([
    ["an empty body", ""],
    ["truncated JSON", '{"usage":{"prompt_tokens":1'],
    ["HTML", "<html>502 Bad Gateway</html>"],
    ["a JSON array", "[1,2]"],
    ["JSON null", "null"],
  ])("returns undefined for %s", (_name, text) => {
    expect(usageFromBody("openai_chat", utf8(text), chatRequest)).toBeUndefined();
  });
});
