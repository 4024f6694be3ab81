// Golden tests of openai-chat → anthropic-messages requests: the mapping, refusals and drops.

import { describe, expect, test } from "bun:test";
import { translateRequest } from "../../../src/translate/index.ts";

const options = { defaultMaxTokens: 4096 };

function toMessages(body: Record<string, unknown>) {
  const result = translateRequest("openai-chat", "anthropic-messages", body, options);
  if (!result.ok) throw new Error(`refused: ${result.error.param}`);
  return result.request;
}

function refusalOf(body: Record<string, unknown>) {
  const result = translateRequest("openai-chat", "anthropic-messages", body, options);
  return result.ok ? undefined : result.error;
}

const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

describe("chat → messages requests", () => {
  test("moves system messages to system, keeps turns, applies default_max_tokens", () => {
    const request = toMessages({
      model: "claude-x",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "developer", content: [{ type: "text", text: "Use metric." }] },
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello!" },
        { role: "user", content: [{ type: "text", text: "Weather?" }] },
      ],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop: "END",
    });
    expect(request.path).toBe("/v1/messages");
    expect(request.body).toEqual({
      model: "claude-x",
      system: [
        { type: "text", text: "Be brief." },
        { type: "text", text: "Use metric." },
      ],
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello!" },
        { role: "user", content: "Weather?" },
      ],
      max_tokens: 4096,
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ["END"],
    });
    expect(request.dropped).toEqual([]);
  });

  test("max_completion_tokens wins over max_tokens; the provider default only fills a gap", () => {
    const base = { model: "m", messages: [{ role: "user", content: "x" }] };
    expect(toMessages({ ...base, max_tokens: 100 }).body.max_tokens).toBe(100);
    expect(
      toMessages({ ...base, max_tokens: 100, max_completion_tokens: 50 }).body.max_tokens,
    ).toBe(50);
    const small = translateRequest("openai-chat", "anthropic-messages", base, {
      defaultMaxTokens: 1000,
    });
    expect(small.ok && small.request.body.max_tokens).toBe(1000);
  });

  test("tools, tool_choice and parallel_tool_calls: false", () => {
    const request = toMessages({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      tools: [weatherTool],
      tool_choice: { type: "function", function: { name: "get_weather" } },
      parallel_tool_calls: false,
    });
    expect(request.body.tools).toEqual([
      {
        name: "get_weather",
        description: "Weather for a city",
        input_schema: weatherTool.function.parameters,
      },
    ]);
    expect(request.body.tool_choice).toEqual({
      type: "tool",
      name: "get_weather",
      disable_parallel_tool_use: true,
    });
  });

  test.each([
    ["auto", { type: "auto" }],
    ["none", { type: "none" }],
    ["required", { type: "any" }],
  ])("tool_choice %s becomes %o", (choice, expected) => {
    const body = { model: "m", messages: [{ role: "user", content: "x" }], tools: [weatherTool] };
    expect(toMessages({ ...body, tool_choice: choice }).body.tool_choice).toEqual(expected);
  });

  test("two parallel tool calls and their consecutive tool results become one user turn", () => {
    const request = toMessages({
      model: "m",
      messages: [
        { role: "user", content: "Paris and Rome?" },
        {
          role: "assistant",
          content: null,
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
        { role: "tool", tool_call_id: "call_1", content: "sunny" },
        { role: "tool", tool_call_id: "call_2", content: [{ type: "text", text: "rain" }] },
        { role: "user", content: "Thanks" },
      ],
    });
    expect(request.body.messages).toEqual([
      { role: "user", content: "Paris and Rome?" },
      {
        role: "assistant",
        content: [
          { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Paris" } },
          { type: "tool_use", id: "call_2", name: "get_weather", input: { city: "Rome" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "call_1", content: "sunny" },
          { type: "tool_result", tool_use_id: "call_2", content: [{ type: "text", text: "rain" }] },
          { type: "text", text: "Thanks" },
        ],
      },
    ]);
  });

  test("images as base64 data and URLs, documents as file parts", () => {
    const pdf = "JVBERi0xLjQK";
    const request = toMessages({
      model: "m",
      messages: [
        {
          role: "user",
          content: [
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
            {
              type: "image_url",
              image_url: { url: "https://example.com/cat.jpg", detail: "high" },
            },
            {
              type: "file",
              file: { filename: "report.pdf", file_data: `data:application/pdf;base64,${pdf}` },
            },
            {
              type: "file",
              file: { filename: "notes.txt", file_data: "data:text/plain;base64,aMOp" },
            },
          ],
        },
      ],
    });
    expect(request.body.messages).toEqual([
      {
        role: "user",
        content: [
          {
            type: "image",
            source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" },
          },
          { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
          {
            type: "document",
            source: { type: "base64", media_type: "application/pdf", data: pdf },
            title: "report.pdf",
          },
          {
            type: "document",
            source: { type: "text", media_type: "text/plain", data: "hé" },
            title: "notes.txt",
          },
        ],
      },
    ]);
    expect(request.dropped).toEqual(["messages[0].content[1].image_url.detail"]);
  });

  test("reasoning_effort sets a thinking budget and raises max_tokens above it", () => {
    const base = { model: "m", messages: [{ role: "user", content: "x" }], max_tokens: 2000 };
    expect(toMessages({ ...base, reasoning_effort: "low" }).body).toMatchObject({
      thinking: { type: "enabled", budget_tokens: 1024 },
      max_tokens: 2048,
    });
    expect(toMessages({ ...base, reasoning_effort: "medium" }).body.thinking).toEqual({
      type: "enabled",
      budget_tokens: 4096,
    });
    expect(toMessages({ ...base, reasoning_effort: "high" }).body.max_tokens).toBe(16384 + 1024);
    expect(toMessages({ ...base, reasoning_effort: "none" }).body.thinking).toBeUndefined();
  });

  test("assistant reasoning with thinking_blocks replays the signed thinking first", () => {
    const request = toMessages({
      model: "m",
      messages: [
        { role: "user", content: "x" },
        {
          role: "assistant",
          content: "Let me check.",
          reasoning_content: "I should call the tool.",
          thinking_blocks: [
            { type: "thinking", thinking: "I should call the tool.", signature: "sig-1" },
          ],
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "get_weather", arguments: "{}" } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "sunny" },
      ],
    });
    const assistant = (request.body.messages as { content: unknown }[])[1];
    expect(assistant?.content).toEqual([
      { type: "thinking", thinking: "I should call the tool.", signature: "sig-1" },
      { type: "text", text: "Let me check." },
      { type: "tool_use", id: "call_1", name: "get_weather", input: {} },
    ]);
  });

  test("reasoning without a signature cannot be replayed: dropped and named", () => {
    const request = toMessages({
      model: "m",
      messages: [
        { role: "user", content: "x" },
        { role: "assistant", content: "y", reasoning_content: "hidden" },
      ],
    });
    expect(request.dropped).toEqual(["messages[1].reasoning_content"]);
  });

  test("structured output is one forced tool", () => {
    const schema = { type: "object", properties: { answer: { type: "string" } } };
    const request = toMessages({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      response_format: {
        type: "json_schema",
        json_schema: { name: "reply", schema, strict: true },
      },
    });
    expect(request.body.tools).toEqual([
      {
        name: "structured_output",
        description: 'Respond with the answer "reply" as this tool\'s input.',
        input_schema: schema,
      },
    ]);
    expect(request.body.tool_choice).toEqual({ type: "tool", name: "structured_output" });
  });

  test("a forced tool and reasoning_effort cannot both go: the effort is dropped and named", () => {
    const request = toMessages({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      response_format: { type: "json_object" },
      reasoning_effort: "high",
    });
    expect(request.body.thinking).toBeUndefined();
    expect(request.dropped).toEqual(["reasoning_effort"]);
  });

  test("user becomes metadata.user_id; provider tuning is dropped and named", () => {
    const request = toMessages({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      user: "u-1",
      metadata: { team: "a" },
      seed: 7,
      frequency_penalty: 0.5,
      presence_penalty: 0.5,
      store: true,
      prompt_cache_key: "k",
      stream: true,
      stream_options: { include_usage: true },
      n: 1,
      logprobs: false,
    });
    expect(request.body.metadata).toEqual({ user_id: "u-1" });
    expect(request.body.stream).toBe(true);
    expect(request.dropped).toEqual([
      "metadata",
      "seed",
      "frequency_penalty",
      "presence_penalty",
      "store",
      "prompt_cache_key",
    ]);
  });

  test("tools of a type Anthropic cannot host are dropped by type", () => {
    const request = toMessages({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      tools: [weatherTool, { type: "custom", custom: { name: "grammar" } }],
    });
    expect((request.body.tools as unknown[]).length).toBe(1);
    expect(request.dropped).toEqual(["tools[custom]"]);
  });

  test.each([
    [{ n: 2 }, "n"],
    [{ logprobs: true }, "logprobs"],
    [{ top_logprobs: 2 }, "top_logprobs"],
    [{ modalities: ["text", "audio"] }, "modalities"],
    [{ audio: { voice: "alloy", format: "wav" } }, "audio"],
  ])("refuses %o naming %s", (extra, param) => {
    const error = refusalOf({ model: "m", messages: [{ role: "user", content: "x" }], ...extra });
    expect(error?.param).toBe(param);
  });

  test("refuses audio input and OpenAI file ids, naming the part", () => {
    const audio = { type: "input_audio", input_audio: { data: "AAAA", format: "wav" } };
    expect(refusalOf({ model: "m", messages: [{ role: "user", content: [audio] }] })?.param).toBe(
      "messages[0].content[0]",
    );
    const file = { type: "file", file: { file_id: "file-1" } };
    expect(refusalOf({ model: "m", messages: [{ role: "user", content: [file] }] })?.param).toBe(
      "messages[0].content[0].file.file_id",
    );
  });

  test("keeps cache_control an Anthropic-aware client put on parts", () => {
    const part = { type: "text", text: "long context", cache_control: { type: "ephemeral" } };
    const request = toMessages({
      model: "m",
      messages: [
        { role: "system", content: [part] },
        { role: "user", content: "q" },
      ],
    });
    expect(request.body.system).toEqual([part]);
  });
});
