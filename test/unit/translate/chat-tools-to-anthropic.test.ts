// Golden tests of chat tools, tool_choice and response_format as Anthropic tools.

import { describe, expect, test } from "bun:test";
import { translateRequest } from "../../../src/translate/index.ts";

const options = { defaultMaxTokens: 4096 };

function toMessages(body: Record<string, unknown>) {
  const result = translateRequest("openai-chat", "anthropic-messages", body, options);
  if (!result.ok) throw new Error(`refused: ${result.error.param}`);
  return result.request;
}

const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

describe("chat tools → Anthropic tools", () => {
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

  test("structured output beside tool_choice none sends only the output tool, forced", () => {
    const request = toMessages({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      tools: [weatherTool],
      tool_choice: "none",
      response_format: { type: "json_object" },
    });
    expect((request.body.tools as { name: string }[]).map((tool) => tool.name)).toEqual([
      "structured_output",
    ]);
    expect(request.body.tool_choice).toEqual({ type: "tool", name: "structured_output" });
    // the client's tools are left out, and named: never a silent drop
    expect(request.dropped).toContain("tools");
  });

  test("structured output keeps a client's forced function", () => {
    const request = toMessages({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      tools: [weatherTool],
      tool_choice: { type: "function", function: { name: "get_weather" } },
      response_format: { type: "json_object" },
    });
    expect((request.body.tools as { name: string }[]).map((tool) => tool.name)).toEqual([
      "get_weather",
      "structured_output",
    ]);
    expect(request.body.tool_choice).toEqual({ type: "tool", name: "get_weather" });
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

  test("tools of a type Anthropic cannot host are dropped by type", () => {
    const request = toMessages({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      tools: [weatherTool, { type: "custom", custom: { name: "grammar" } }],
    });
    expect((request.body.tools as unknown[]).length).toBe(1);
    expect(request.dropped).toEqual(["tools[custom]"]);
  });

  test("when every tool is dropped, tool_choice and parallel_tool_calls go with them, named", () => {
    const request = toMessages({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      tools: [{ type: "custom", custom: { name: "grammar" } }],
      tool_choice: { type: "custom", custom: { name: "grammar" } },
      parallel_tool_calls: false,
    });
    expect(request.body.tools).toBeUndefined();
    expect(request.body.tool_choice).toBeUndefined();
    expect(request.dropped).toEqual(["tools[custom]", "tool_choice", "parallel_tool_calls"]);
  });

  test("a tool_choice Anthropic cannot express is dropped and named", () => {
    const request = toMessages({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      tools: [weatherTool, { type: "custom", custom: { name: "grammar" } }],
      tool_choice: { type: "custom", custom: { name: "grammar" } },
    });
    expect(request.body.tool_choice).toBeUndefined();
    expect(request.dropped).toEqual(["tools[custom]", "tool_choice"]);
  });
});
