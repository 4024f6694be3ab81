// Translated streams through the official SDKs' own stream accumulators, which throw on events
// out of order: @anthropic-ai/sdk's MessageStream and openai's ChatCompletionStream and
// ResponseStream, each reading the bytes from a real HTTP response.

import { afterEach, describe, expect, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { type Direction, serveSse, translateInChunks } from "./stream-helpers.ts";
import * as streams from "./upstream-streams.ts";

const servers: { stop: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

function serve(direction: Direction, upstream: string, request: Record<string, unknown>): string {
  const server = serveSse(translateInChunks(direction, upstream, request));
  servers.push(server);
  return server.url;
}

const messages = [{ role: "user" as const, content: "Weather in Paris and Rome?" }];

function anthropicStream(upstream: string) {
  const url = serve({ upstream: "openai-chat", client: "anthropic-messages" }, upstream, {
    model: "c",
    stream: true,
  });
  const client = new Anthropic({ baseURL: url, apiKey: "test", maxRetries: 0 });
  return client.messages.stream({ model: "c", max_tokens: 100, messages });
}

function chatStream(upstream: string) {
  const request = { model: "g", stream: true, stream_options: { include_usage: true } };
  const url = serve({ upstream: "anthropic-messages", client: "openai-chat" }, upstream, request);
  const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: "test", maxRetries: 0 });
  return client.chat.completions.stream({
    model: "g",
    messages,
    stream_options: { include_usage: true },
  });
}

function responseStream(upstreamDialect: Direction["upstream"], upstream: string) {
  const url = serve({ upstream: upstreamDialect, client: "openai-responses" }, upstream, {
    model: "r",
    input: "x",
  });
  const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: "test", maxRetries: 0 });
  return client.responses.stream({ model: "r", input: "x" });
}

describe("@anthropic-ai/sdk accepts streams translated from openai-chat", () => {
  test("thinking, text and two tool calls accumulate into the final message", async () => {
    const final = await anthropicStream(streams.chatToolStream).finalMessage();
    expect(final.content as unknown[]).toEqual([
      { type: "thinking", thinking: "Two cities, two calls.", signature: "sig-9" },
      { type: "text", text: "Checking ☀️ in Paris and Rome." },
      { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Paris" } },
      { type: "tool_use", id: "call_2", name: "get_weather", input: { city: "Rome" } },
    ]);
    expect(final.stop_reason).toBe("tool_use");
    expect(final.usage).toMatchObject({
      input_tokens: 25,
      cache_read_input_tokens: 1200,
      cache_creation_input_tokens: 40,
      output_tokens: 87,
    });
  });

  test("a tool call followed by text, and a refusal", async () => {
    const mixed = await anthropicStream(streams.chatToolThenTextStream).finalMessage();
    expect(mixed.content.map((block) => block.type)).toEqual(["tool_use", "text"]);
    const refused = await anthropicStream(streams.chatRefusalStream).finalMessage();
    expect([refused.stop_reason, refused.content[0]] as unknown[]).toEqual([
      "refusal",
      { type: "text", text: "I can't help with that." },
    ]);
  });

  test("an upstream error surfaces as the SDK's API error", async () => {
    const failure = await anthropicStream(streams.chatErrorStream)
      .finalMessage()
      .then(
        () => "resolved",
        (error: Error) => error.message,
      );
    expect(failure).toContain("The server had an error");
  });
});

describe("openai's ChatCompletionStream accepts streams translated from anthropic-messages", () => {
  test("reasoning, text, two tool calls and usage accumulate into the final completion", async () => {
    const final = await chatStream(streams.anthropicToolStream).finalChatCompletion();
    const choice = final.choices[0];
    expect(choice?.message.content).toBe("Checking ☀️ in Paris and Rome.");
    expect(choice?.message.tool_calls).toEqual([
      {
        id: "toolu_01",
        type: "function",
        function: { name: "get_weather", arguments: '{"city": "Paris"}' },
      },
      {
        id: "toolu_02",
        type: "function",
        function: { name: "get_weather", arguments: '{"city": "Rome"}' },
      },
    ]);
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(final.usage).toMatchObject({
      prompt_tokens: 1265,
      completion_tokens: 87,
      prompt_tokens_details: { cached_tokens: 1200 },
    });
  });

  test("a refusal ends as content_filter", async () => {
    const final = await chatStream(streams.anthropicRefusalStream).finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe("content_filter");
  });

  test("an upstream error surfaces as the SDK's API error", async () => {
    const failure = await chatStream(streams.anthropicErrorStream)
      .finalChatCompletion()
      .then(
        () => "resolved",
        (error: Error) => error.message,
      );
    expect(failure).toContain("Overloaded");
  });
});

describe("openai's ResponseStream accepts Responses streams translated from both dialects", () => {
  test.each([
    ["openai-chat", streams.chatToolStream, "sig-9", "call_1"],
    ["anthropic-messages", streams.anthropicToolStream, "EqQBCgIYAhIM1gbcDa9GJwZA", "toolu_01"],
  ] as const)(
    "from %s: reasoning, message and two function calls",
    async (dialect, upstream, signature, firstCall) => {
      const final = await responseStream(dialect, upstream).finalResponse();
      expect(final.status).toBe("completed");
      expect(final.output_text).toBe("Checking ☀️ in Paris and Rome.");
      expect(final.output.map((item) => item.type)).toEqual([
        "reasoning",
        "message",
        "function_call",
        "function_call",
      ]);
      expect(final.output[0]).toMatchObject({ type: "reasoning", encrypted_content: signature });
      expect(final.output[2]).toMatchObject({
        type: "function_call",
        call_id: firstCall,
        name: "get_weather",
      });
      expect(final.usage).toMatchObject({
        input_tokens: 1265,
        output_tokens: 87,
        input_tokens_details: { cached_tokens: 1200 },
      });
    },
  );

  test("a refusal from Anthropic ends incomplete; one from chat is a refusal part", async () => {
    const fromAnthropic = await responseStream(
      "anthropic-messages",
      streams.anthropicRefusalStream,
    ).finalResponse();
    expect([fromAnthropic.status, fromAnthropic.incomplete_details?.reason]).toEqual([
      "incomplete",
      "content_filter",
    ]);
    const fromChat = await responseStream("openai-chat", streams.chatRefusalStream).finalResponse();
    expect(fromChat.output[0]).toMatchObject({
      type: "message",
      content: [{ type: "refusal", refusal: "I can't help with that." }],
    });
  });

  test("an upstream error surfaces as the SDK's API error", async () => {
    const failure = await responseStream("openai-chat", streams.chatErrorStream)
      .finalResponse()
      .then(
        () => "resolved",
        (error: Error) => error.message,
      );
    expect(failure).toContain("The server had an error");
  });
});
