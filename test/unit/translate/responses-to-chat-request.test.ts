// Golden tests of openai-responses → openai-chat requests (Codex on a chat-only provider).

import { describe, expect, test } from "bun:test";
import { translateRequest } from "../../../src/translate/index.ts";
import { codexRequest } from "./client-requests.ts";

const options = { defaultMaxTokens: 4096 };

function toChat(body: Record<string, unknown>) {
  const result = translateRequest("openai-responses", "openai-chat", body, options);
  if (!result.ok) throw new Error(`refused: ${result.error.param}`);
  return result.request;
}

describe("responses → chat requests", () => {
  test("a string input with instructions", () => {
    const request = toChat({
      model: "m",
      instructions: "Be brief.",
      input: "Hi",
      max_output_tokens: 50,
      temperature: 0.5,
    });
    expect(request.path).toBe("/v1/chat/completions");
    expect(request.body).toEqual({
      model: "m",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
      ],
      max_completion_tokens: 50,
      temperature: 0.5,
    });
  });

  test("Codex: reasoning and function_call join one assistant turn; built-in tools are dropped", () => {
    const request = toChat(codexRequest());
    expect(request.body).toEqual({
      model: "gpt-5-codex",
      messages: [
        { role: "system", content: "You are Codex, a coding agent." },
        { role: "system", content: "<permissions>workspace-write</permissions>" },
        { role: "user", content: "Run the tests." },
        {
          role: "assistant",
          content: null,
          reasoning_content: "I will run the tests.",
          thinking_blocks: [
            { type: "thinking", thinking: "I will run the tests.", signature: "sig-abc" },
          ],
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "shell", arguments: '{"command":["bun","test"]}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "3 pass" },
      ],
      tools: [
        {
          type: "function",
          function: {
            name: "shell",
            description: "Runs a shell command.",
            parameters: (codexRequest().tools as { parameters?: unknown }[])[0]?.parameters,
          },
        },
      ],
      tool_choice: "auto",
      parallel_tool_calls: false,
      store: false,
      prompt_cache_key: "0199a5b4-session",
      stream: true,
      stream_options: { include_usage: true },
      reasoning_effort: "medium",
      verbosity: "medium",
    });
    expect(request.dropped).toEqual([
      "tools[web_search]",
      "tools[custom]",
      "tools[local_shell]",
      "reasoning.summary",
      "include",
    ]);
  });

  test("input images and files become chat parts", () => {
    const request = toChat({
      model: "m",
      input: [
        {
          role: "user",
          content: [
            { type: "input_text", text: "Look:" },
            { type: "input_image", image_url: "https://example.com/a.png", detail: "low" },
            {
              type: "input_file",
              filename: "a.pdf",
              file_data: "data:application/pdf;base64,JVBE",
            },
          ],
        },
      ],
    });
    expect(request.body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Look:" },
          { type: "image_url", image_url: { url: "https://example.com/a.png", detail: "low" } },
          {
            type: "file",
            file: { file_data: "data:application/pdf;base64,JVBE", filename: "a.pdf" },
          },
        ],
      },
    ]);
  });

  test("text.format json_schema becomes response_format; assistant output_text is history", () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };
    const request = toChat({
      model: "m",
      input: [
        { role: "user", content: "q" },
        {
          type: "message",
          role: "assistant",
          content: [{ type: "output_text", text: "a", annotations: [] }],
        },
        { role: "user", content: "again" },
      ],
      text: { format: { type: "json_schema", name: "reply", schema, strict: true } },
    });
    expect(request.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "reply", schema, strict: true },
    });
    expect(request.body.messages).toEqual([
      { role: "user", content: "q" },
      { role: "assistant", content: "a" },
      { role: "user", content: "again" },
    ]);
  });

  test.each([
    [{ previous_response_id: "resp_1" }, "previous_response_id"],
    [{ conversation: "conv_1" }, "conversation"],
    [{ background: true }, "background"],
    [{ input: [{ type: "item_reference", id: "msg_1" }] }, "input[0]"],
  ])("refuses %o naming %s", (extra, param) => {
    const result = translateRequest(
      "openai-responses",
      "openai-chat",
      { model: "m", input: "x", ...extra },
      options,
    );
    expect(result.ok ? undefined : result.error.param).toBe(param);
  });

  test("a hosted tool_choice is dropped with the built-in tools", () => {
    const request = toChat({
      model: "m",
      input: "x",
      tools: [
        { type: "function", name: "f", parameters: { type: "object" } },
        { type: "web_search" },
      ],
      tool_choice: { type: "web_search" },
    });
    expect(request.body.tool_choice).toBeUndefined();
    expect(request.dropped).toEqual(["tools[web_search]", "tool_choice"]);
  });

  test("when every tool is built-in, tool_choice and parallel_tool_calls go with them, named", () => {
    const request = toChat({
      model: "m",
      input: "x",
      tools: [{ type: "web_search" }],
      tool_choice: "auto",
      parallel_tool_calls: false,
    });
    expect(request.body.tool_choice).toBeUndefined();
    expect(request.body.parallel_tool_calls).toBeUndefined();
    expect(request.dropped).toEqual(["tools[web_search]", "tool_choice", "parallel_tool_calls"]);
  });

  test("allowed_tools entries for built-in tools are dropped and named", () => {
    const request = toChat({
      model: "m",
      input: "x",
      tools: [{ type: "function", name: "f" }, { type: "web_search" }],
      tool_choice: {
        type: "allowed_tools",
        mode: "required",
        tools: [{ type: "web_search" }, { type: "function", name: "f" }],
      },
    });
    expect(request.body.tool_choice).toEqual({
      type: "allowed_tools",
      allowed_tools: { mode: "required", tools: [{ type: "function", function: { name: "f" } }] },
    });
    expect(request.dropped).toEqual(["tools[web_search]", "tool_choice.tools[0]"]);
  });
});
