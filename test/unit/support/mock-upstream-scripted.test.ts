// The mock upstream's tool calls, signed thinking and cache usage, in OpenAI chat and Anthropic
// wire formats, JSON and SSE, read back through the official clients. (Beside mock-upstream.test.ts,
// which is past STYLE.md's 300 lines.)

import { describe, expect, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import {
  type MockUpstream,
  mockSignature,
  reply,
  startMockUpstream,
} from "../../support/mock-upstream.ts";

const weather = {
  name: "get_weather",
  description: "Weather for a city",
  parameters: {
    type: "object" as const,
    properties: { city: { type: "string" }, days: { type: "integer" } },
  },
};
const chatTools = [{ type: "function" as const, function: weather }];
const anthropicTools = [
  { name: weather.name, description: weather.description, input_schema: weather.parameters },
];
const question = [{ role: "user" as const, content: "Weather in Paris?" }];

function clients(mock: MockUpstream, headers: Record<string, string> = {}) {
  return {
    openai: new OpenAI({ baseURL: mock.url, apiKey: "k", maxRetries: 0, defaultHeaders: headers }),
    anthropic: new Anthropic({
      baseURL: mock.origin,
      apiKey: "k",
      maxRetries: 0,
      defaultHeaders: headers,
    }),
  };
}

describe("OpenAI chat wire", () => {
  test("x-mock-tool-calls answers with calls whose arguments follow the tool's schema", async () => {
    await using mock = startMockUpstream();
    const { openai } = clients(mock, { "x-mock-tool-calls": "get_weather" });
    const completion = await openai.chat.completions.create({
      model: "g",
      messages: question,
      tools: chatTools,
    });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls?.[0]).toMatchObject({
      type: "function",
      function: { name: "get_weather", arguments: '{"city":"mock","days":1}' },
    });
  });

  test("a stream with reasoning, a signed thinking block, two calls and cache usage", async () => {
    await using mock = startMockUpstream();
    const headers = {
      "x-mock-tool-calls": "*",
      "x-mock-thinking": "Look it up.",
      "x-mock-cache-read": "100",
      "x-mock-cache-write": "20",
    };
    const { openai } = clients(mock, headers);
    const tools = [
      ...chatTools,
      { type: "function" as const, function: { ...weather, name: "get_time" } },
    ];
    const stream = openai.chat.completions.stream({
      model: "g",
      messages: question,
      tools,
      stream: true,
    });
    const final = await stream.finalChatCompletion();
    expect(
      final.choices[0]?.message.tool_calls?.map((call) =>
        call.type === "function" ? call.function.name : call.type,
      ),
    ).toEqual(["get_weather", "get_time"]);
    expect(final.usage).toMatchObject({
      prompt_tokens: 3 + 120,
      prompt_tokens_details: { cached_tokens: 100, cache_write_tokens: 20 },
    });
    const raw = await (
      await fetch(`${mock.url}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ model: "g", messages: question, stream: true }),
      })
    ).text();
    expect(raw).toContain('"reasoning_content":" it"');
    const block = {
      type: "thinking",
      thinking: "Look it up.",
      signature: mockSignature("Look it up."),
    };
    expect(raw).toContain(`"thinking_blocks":[${JSON.stringify(block)}]`);
  });

  test("reasoning_effort in the body asks for reasoning; tool results are answered in text", async () => {
    await using mock = startMockUpstream();
    const { openai } = clients(mock, { "x-mock-tool-calls": "get_weather" });
    const messages = [
      ...question,
      {
        role: "assistant" as const,
        content: null,
        tool_calls: [
          {
            id: "c1",
            type: "function" as const,
            function: { name: "get_weather", arguments: "{}" },
          },
        ],
      },
      { role: "tool" as const, tool_call_id: "c1", content: "sunny" },
    ];
    const completion = await openai.chat.completions.create({
      model: "g",
      messages,
      tools: chatTools,
      reasoning_effort: "low",
    });
    const message = completion.choices[0]?.message as unknown as Record<string, unknown>;
    expect(message).toMatchObject({
      content: "tool results: sunny",
      reasoning_content: "thinking about: Weather in Paris?",
    });
    expect(completion.choices[0]?.finish_reason).toBe("stop");
  });

  test("reply.openAIChat scripts the same features", async () => {
    await using mock = startMockUpstream([
      reply.openAIChat("", { toolCalls: [{ name: "f", arguments: { a: 1 } }] }),
    ]);
    const completion = await clients(mock).openai.chat.completions.create({
      model: "g",
      messages: question,
    });
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      function: { name: "f", arguments: '{"a":1}' },
    });
  });
});

describe("Anthropic wire", () => {
  const params = { model: "c", max_tokens: 2000, messages: question, tools: anthropicTools };

  test("a forced tool_choice and enabled thinking give signed thinking and a tool_use", async () => {
    await using mock = startMockUpstream();
    const { anthropic } = clients(mock, { "x-mock-cache-read": "50" });
    const message = await anthropic.messages.create({
      ...params,
      tool_choice: { type: "tool", name: "get_weather" },
      thinking: { type: "enabled", budget_tokens: 1024 },
    });
    const thinking = "thinking about: Weather in Paris?";
    expect(message.content as unknown[]).toEqual([
      { type: "thinking", thinking, signature: mockSignature(thinking) },
      {
        type: "tool_use",
        id: expect.stringMatching(/^toolu_mock/),
        name: "get_weather",
        input: { city: "mock", days: 1 },
      },
    ]);
    expect(message.stop_reason).toBe("tool_use");
    expect(message.usage).toMatchObject({
      input_tokens: 3,
      cache_read_input_tokens: 50,
      cache_creation_input_tokens: 0,
    });
  });

  test("the stream's events accumulate into the same message in the official client", async () => {
    await using mock = startMockUpstream();
    const { anthropic } = clients(mock, {
      "x-mock-tool-calls": "get_weather",
      "x-mock-thinking": "1",
      "x-mock-cache-write": "30",
    });
    const final = await anthropic.messages.stream(params).finalMessage();
    expect(final.content.map((block) => block.type)).toEqual(["thinking", "tool_use"]);
    expect(final.content[1]).toMatchObject({ input: { city: "mock", days: 1 } });
    expect(final.usage).toMatchObject({
      cache_creation_input_tokens: 30,
      output_tokens: expect.any(Number),
    });
  });

  test("thinking sent back must carry the mock's signature, as Anthropic checks", async () => {
    await using mock = startMockUpstream();
    const { anthropic } = clients(mock);
    const turn = (signature: string) => [
      ...question,
      {
        role: "assistant" as const,
        content: [
          { type: "thinking" as const, thinking: "Look it up.", signature },
          { type: "tool_use" as const, id: "t1", name: "get_weather", input: {} },
        ],
      },
      {
        role: "user" as const,
        content: [{ type: "tool_result" as const, tool_use_id: "t1", content: "sunny" }],
      },
    ];
    const ok = await anthropic.messages.create({
      ...params,
      messages: turn(mockSignature("Look it up.")),
    });
    expect(ok.content[0]).toMatchObject({ type: "text", text: "tool results: sunny" });
    const bad = await anthropic.messages.create({ ...params, messages: turn("forged") }).then(
      () => 200,
      (error: { status?: number }) => error.status,
    );
    expect(bad).toBe(400);
  });
});
