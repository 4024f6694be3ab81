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

  test("tool_use and tool_result blocks become tool_calls and tool messages", () => {
    const request = toChat({
      model: "m",
      max_tokens: 5,
      messages: [
        user("Paris and Rome?"),
        {
          role: "assistant",
          content: [
            { type: "text", text: "Checking." },
            { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
            { type: "tool_use", id: "toolu_2", name: "get_weather", input: { city: "Rome" } },
          ],
        },
        user([
          { type: "tool_result", tool_use_id: "toolu_1", content: "sunny" },
          {
            type: "tool_result",
            tool_use_id: "toolu_2",
            content: [{ type: "text", text: "rain" }],
          },
          { type: "text", text: "Thanks" },
        ]),
      ],
    });
    expect(request.body.messages).toEqual([
      { role: "user", content: "Paris and Rome?" },
      {
        role: "assistant",
        content: "Checking.",
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
      { role: "tool", tool_call_id: "toolu_1", content: "sunny" },
      { role: "tool", tool_call_id: "toolu_2", content: "rain" },
      { role: "user", content: "Thanks" },
    ]);
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

  test("images (base64 and URL) and documents (PDF and text)", () => {
    const request = toChat({
      model: "m",
      max_tokens: 5,
      messages: [
        user([
          { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBO" } },
          { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
          {
            type: "document",
            title: "report.pdf",
            source: { type: "base64", media_type: "application/pdf", data: "JVBE" },
          },
          {
            type: "document",
            title: "Notes",
            source: { type: "text", media_type: "text/plain", data: "hello" },
          },
        ]),
      ],
    });
    expect(request.body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBO" } },
          { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } },
          {
            type: "file",
            file: { filename: "report.pdf", file_data: "data:application/pdf;base64,JVBE" },
          },
          { type: "text", text: "Notes\n\nhello" },
        ],
      },
    ]);
  });

  test("images inside tool results follow the tool message in a user turn", () => {
    const image = {
      type: "image",
      source: { type: "base64", media_type: "image/png", data: "iVBO" },
    };
    const request = toChat({
      model: "m",
      max_tokens: 5,
      messages: [
        user([
          {
            type: "tool_result",
            tool_use_id: "t1",
            content: [{ type: "text", text: "shot" }, image],
          },
        ]),
      ],
    });
    expect(request.body.messages).toEqual([
      { role: "tool", tool_call_id: "t1", content: "shot" },
      {
        role: "user",
        content: [{ type: "image_url", image_url: { url: "data:image/png;base64,iVBO" } }],
      },
    ]);
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

  test("thinking blocks with signatures travel as reasoning_content and thinking_blocks", () => {
    const thinking = { type: "thinking", thinking: "Call the tool.", signature: "sig-1" };
    const request = toChat({
      model: "m",
      max_tokens: 5,
      messages: [
        user("x"),
        {
          role: "assistant",
          content: [thinking, { type: "tool_use", id: "t1", name: "f", input: {} }],
        },
        user([{ type: "tool_result", tool_use_id: "t1", content: "ok" }]),
      ],
    });
    expect((request.body.messages as unknown[])[1]).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [{ id: "t1", type: "function", function: { name: "f", arguments: "{}" } }],
      reasoning_content: "Call the tool.",
      thinking_blocks: [thinking],
    });
  });

  test("output_config.format json_schema becomes response_format", () => {
    const schema = { type: "object", properties: { a: { type: "number" } } };
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

  test("refuses an image the chat target cannot fetch, naming its source", () => {
    const result = translateRequest(
      "anthropic-messages",
      "openai-chat",
      {
        model: "m",
        max_tokens: 5,
        messages: [user([{ type: "image", source: { type: "file", file_id: "file_1" } }])],
      },
      options,
    );
    expect(result).toEqual({
      ok: false,
      error: {
        param: "messages[0].content[0].source",
        message: "an image from a file source cannot be sent to openai-chat",
      },
    });
  });
});
