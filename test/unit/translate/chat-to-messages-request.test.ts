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

  test.each([
    ["auto", { type: "auto" }],
    ["none", { type: "none" }],
    ["required", { type: "any" }],
  ])("tool_choice %s becomes %o", (choice, expected) => {
    const body = { model: "m", messages: [{ role: "user", content: "x" }], tools: [weatherTool] };
    expect(toMessages({ ...body, tool_choice: choice }).body.tool_choice).toEqual(expected);
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

  test("with thinking on, temperature other than 1 and top_k are dropped and named", () => {
    const request = toMessages({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      reasoning_effort: "medium",
      temperature: 0.2,
      top_k: 5,
      top_p: 0.97,
    });
    expect(request.body).toMatchObject({ thinking: { budget_tokens: 4096 }, top_p: 0.97 });
    expect(request.body.temperature).toBeUndefined();
    expect(request.dropped).toEqual(["temperature", "top_k"]);
  });

  test("with thinking on, top_p below 0.95 is dropped and named", () => {
    const request = toMessages({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      reasoning_effort: "low",
      top_p: 0.9,
    });
    expect(request.body.top_p).toBeUndefined();
    expect(request.dropped).toEqual(["top_p"]);
  });

  test("an Anthropic-style thinking field on a chat request is taken as it is", () => {
    const request = toMessages({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      thinking: { type: "enabled", budget_tokens: 3000 },
    });
    expect(request.body).toMatchObject({
      thinking: { type: "enabled", budget_tokens: 3000 },
      max_tokens: 4096,
    });
    expect(request.dropped).toEqual([]);
  });

  test("adaptive thinking and thinking.display are taken as they are, with thinking's rules", () => {
    const request = toMessages({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      thinking: { type: "adaptive", display: "summarized" },
      temperature: 0.3,
    });
    expect(request.body.thinking).toEqual({ type: "adaptive", display: "summarized" });
    expect(request.body.max_tokens).toBe(4096);
    expect(request.dropped).toEqual(["temperature"]);
    const enabled = { type: "enabled", budget_tokens: 2000, display: "omitted" };
    expect(toMessages({ model: "m", messages: [], thinking: enabled }).body.thinking).toEqual(
      enabled,
    );
  });

  test("reasoning_effort beside Anthropic's own thinking is dropped and named", () => {
    const request = toMessages({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      thinking: { type: "enabled", budget_tokens: 2000 },
      reasoning_effort: "high",
    });
    expect(request.body.thinking).toEqual({ type: "enabled", budget_tokens: 2000 });
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
});
