// Golden tests of anthropic-messages → openai-chat requests: the mapping, refusals and drops.

import { describe, expect, test } from "bun:test";
import { translateRequest } from "../../../src/translate/index.ts";
import { claudeCodeFirstRequest } from "./client-requests.ts";

const options = { defaultMaxTokens: 4096 };

function toChat(body: Record<string, unknown>) {
  const result = translateRequest("anthropic-messages", "openai-chat", body, options);
  if (!result.ok) throw new Error(`refused: ${result.error.param}`);
  return result.request;
}

const user = (content: unknown) => ({ role: "user", content });

describe("messages → chat requests", () => {
  test("system blocks, turns, sampling and stop sequences", () => {
    const request = toChat({
      model: "gpt-x",
      max_tokens: 300,
      system: [
        { type: "text", text: "Be brief." },
        { type: "text", text: " Use metric." },
      ],
      messages: [
        user("Hi"),
        { role: "assistant", content: [{ type: "text", text: "Hello!" }] },
        user("Weather?"),
      ],
      temperature: 0.3,
      top_p: 0.8,
      top_k: 20,
      stop_sequences: ["END", "STOP"],
    });
    expect(request.path).toBe("/v1/chat/completions");
    expect(request.body).toEqual({
      model: "gpt-x",
      messages: [
        { role: "system", content: "Be brief.\n Use metric." },
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello!" },
        { role: "user", content: "Weather?" },
      ],
      max_completion_tokens: 300,
      temperature: 0.3,
      top_p: 0.8,
      top_k: 20,
      stop: ["END", "STOP"],
    });
  });

  test("a stream asks the upstream for its usage", () => {
    const request = toChat({ model: "m", max_tokens: 5, stream: true, messages: [user("x")] });
    expect(request.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  test("tools, tool_choice any and disable_parallel_tool_use", () => {
    const schema = { type: "object", properties: { city: { type: "string" } } };
    const request = toChat({
      model: "m",
      max_tokens: 5,
      messages: [user("x")],
      tools: [{ name: "get_weather", description: "Weather", input_schema: schema }],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
    });
    expect(request.body).toMatchObject({
      tools: [
        {
          type: "function",
          function: { name: "get_weather", description: "Weather", parameters: schema },
        },
      ],
      tool_choice: "required",
      parallel_tool_calls: false,
    });
    const named = toChat({
      ...request.body,
      model: "m",
      max_tokens: 5,
      messages: [user("x")],
      tools: [{ name: "f", input_schema: schema }],
      tool_choice: { type: "tool", name: "f" },
    });
    expect(named.body.tool_choice).toEqual({ type: "function", function: { name: "f" } });
  });

  test.each([
    [1024, "low"],
    [2047, "low"],
    [2048, "medium"],
    [8191, "medium"],
    [8192, "high"],
    [31999, "high"],
  ])("a thinking budget of %d is reasoning_effort %s", (budget, effort) => {
    const body = {
      model: "m",
      max_tokens: 40000,
      messages: [user("x")],
      thinking: { type: "enabled", budget_tokens: budget },
    };
    expect(toChat(body).body.reasoning_effort).toBe(effort);
  });

  test("output_config.format json_schema becomes response_format", () => {
    // a schema strict mode takes: every property required, no others allowed
    const schema = {
      type: "object",
      properties: { a: { type: "number" } },
      required: ["a"],
      additionalProperties: false,
    };
    const request = toChat({
      model: "m",
      max_tokens: 5,
      messages: [user("x")],
      output_config: { format: { type: "json_schema", schema }, effort: "low" },
    });
    expect(request.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "output", schema, strict: true },
    });
    expect(request.body.reasoning_effort).toBe("low");
  });

  test("a json_schema OpenAI's strict mode cannot take goes without strict", () => {
    const toFormat = (schema: Record<string, unknown>) =>
      toChat({
        model: "m",
        max_tokens: 5,
        messages: [user("x")],
        output_config: { format: { type: "json_schema", schema } },
      }).body.response_format as { json_schema: Record<string, unknown> };
    const optional = { type: "object", properties: { a: { type: "number" } } };
    expect(toFormat(optional).json_schema).toEqual({ name: "output", schema: optional });
    const nested = {
      type: "object",
      properties: { a: { type: "array", items: { type: "object", properties: {} } } },
      required: ["a"],
      additionalProperties: false,
    };
    expect(toFormat(nested).json_schema.strict).toBeUndefined();
    const strictNested = {
      ...nested,
      properties: {
        a: { type: "array", items: { ...nested.properties.a.items, additionalProperties: false } },
      },
    };
    expect(toFormat(strictNested).json_schema.strict).toBe(true);
  });

  test("Claude Code's first request: thinking high, every cache_control and extra named", () => {
    const request = toChat(claudeCodeFirstRequest());
    expect(request.body).toMatchObject({
      model: "claude-sonnet-4-5-20250929",
      max_completion_tokens: 32000,
      reasoning_effort: "high",
      stream: true,
      stream_options: { include_usage: true },
      temperature: 1,
    });
    expect((request.body.tools as unknown[]).length).toBe(12);
    expect((request.body.messages as unknown[])[0]).toEqual({
      role: "system",
      content:
        "You are Claude Code, Anthropic's official CLI for Claude.\nYou are an interactive CLI tool that helps users with software engineering tasks.",
    });
    expect(request.dropped.sort()).toEqual([
      "context_management",
      "messages[0].content[1].cache_control",
      "metadata",
      "system[0].cache_control",
      "system[1].cache_control",
      "tools[11].cache_control",
    ]);
  });

  test("server tools the chat target cannot host are dropped by type; so is thinking.display", () => {
    const request = toChat({
      model: "m",
      max_tokens: 5000,
      messages: [user("x")],
      tools: [
        { type: "web_search_20250305", name: "web_search", max_uses: 3 },
        { name: "f", input_schema: { type: "object" } },
      ],
      thinking: { type: "enabled", budget_tokens: 2000, display: "summarized" },
    });
    expect((request.body.tools as unknown[]).length).toBe(1);
    expect(request.dropped).toEqual(["tools[web_search_20250305]", "thinking.display"]);
  });

  test("when every tool is dropped, tool_choice goes with them, named", () => {
    const request = toChat({
      model: "m",
      max_tokens: 5,
      messages: [user("x")],
      tools: [{ type: "web_search_20250305", name: "web_search" }],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
    });
    expect(request.body.tool_choice).toBeUndefined();
    expect(request.body.parallel_tool_calls).toBeUndefined();
    expect(request.dropped).toEqual(["tools[web_search_20250305]", "tool_choice"]);
  });

  test("a tool_choice naming a dropped server tool is dropped and named", () => {
    const request = toChat({
      model: "m",
      max_tokens: 5,
      messages: [user("x")],
      tools: [
        { type: "web_search_20250305", name: "web_search" },
        { name: "f", input_schema: { type: "object" } },
      ],
      tool_choice: { type: "tool", name: "web_search", disable_parallel_tool_use: true },
    });
    expect(request.body.tool_choice).toBeUndefined();
    expect(request.body.parallel_tool_calls).toBe(false);
    expect(request.dropped).toEqual(["tools[web_search_20250305]", "tool_choice"]);
  });
});
