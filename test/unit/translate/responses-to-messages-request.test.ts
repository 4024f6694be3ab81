// Golden tests of openai-responses → anthropic-messages requests (Codex on claude-*).

import { describe, expect, test } from "bun:test";
import { translateRequest } from "../../../src/translate/index.ts";
import { codexRequest } from "./client-requests.ts";

const options = { defaultMaxTokens: 4096 };

function toMessages(body: Record<string, unknown>) {
  const result = translateRequest("openai-responses", "anthropic-messages", body, options);
  if (!result.ok) throw new Error(`refused: ${result.error.param}`);
  return result.request;
}

describe("responses → messages requests", () => {
  test("Codex: signed reasoning is replayed as thinking; Codex's defaults are dropped and named", () => {
    const request = toMessages(codexRequest());
    expect(request.path).toBe("/v1/messages");
    expect(request.body).toMatchObject({
      model: "gpt-5-codex",
      system: [
        { type: "text", text: "You are Codex, a coding agent." },
        { type: "text", text: "<permissions>workspace-write</permissions>" },
      ],
      max_tokens: 4096 + 1024,
      thinking: { type: "enabled", budget_tokens: 4096 },
      stream: true,
      tool_choice: { type: "auto", disable_parallel_tool_use: true },
    });
    expect(request.body.messages).toEqual([
      { role: "user", content: "Run the tests." },
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "I will run the tests.", signature: "sig-abc" },
          { type: "tool_use", id: "call_1", name: "shell", input: { command: ["bun", "test"] } },
        ],
      },
      {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: "call_1", content: "3 pass" }],
      },
    ]);
    expect(request.dropped).toEqual([
      "tools[web_search]",
      "tools[custom]",
      "tools[local_shell]",
      "reasoning.summary",
      "include",
      "store",
      "prompt_cache_key",
      "text.verbosity",
    ]);
  });

  test("paths in the client's terms: unsigned reasoning names its input item", () => {
    const request = toMessages({
      model: "m",
      input: [
        { role: "user", content: "q" },
        { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "hmm" }] },
        { type: "message", role: "assistant", content: [{ type: "output_text", text: "a" }] },
      ],
    });
    expect(request.dropped).toEqual(["input[1]"]);
  });

  test("paths in the client's terms: a later call's arguments and an image's detail", () => {
    const call = (id: string, args: string) => ({
      type: "function_call",
      call_id: id,
      name: "f",
      arguments: args,
    });
    const request = toMessages({
      model: "m",
      input: [
        { role: "user", content: "q" },
        { type: "reasoning", id: "rs_1", summary: [], encrypted_content: "sig" },
        call("call_1", "{}"),
        call("call_2", "{not json"),
        { type: "function_call_output", call_id: "call_1", output: "a" },
        { type: "function_call_output", call_id: "call_2", output: "b" },
        {
          role: "user",
          content: [
            { type: "computer_screenshot", image_url: "https://example.com/s.png" },
            { type: "input_image", image_url: "https://example.com/a.png", detail: "high" },
          ],
        },
      ],
    });
    expect(request.dropped).toEqual([
      "input[6].content[0]",
      "input[3].arguments",
      "input[6].content[1].detail",
    ]);
  });

  test("a refused image names the client's image_url", () => {
    const result = translateRequest(
      "openai-responses",
      "anthropic-messages",
      {
        model: "m",
        instructions: "be brief",
        input: [
          {
            role: "user",
            content: [
              { type: "input_text", text: "look" },
              { type: "input_image", image_url: "data:image/tiff;base64,AA" },
            ],
          },
        ],
      },
      options,
    );
    expect(result.ok ? undefined : result.error.param).toBe("input[0].content[1].image_url");
  });

  test("refusals name the Responses parameter", () => {
    const result = translateRequest(
      "openai-responses",
      "anthropic-messages",
      { model: "m", input: "x", top_logprobs: 3 },
      options,
    );
    expect(result.ok ? undefined : result.error.param).toBe("top_logprobs");
    const stateful = translateRequest(
      "openai-responses",
      "anthropic-messages",
      { model: "m", input: "x", previous_response_id: "r" },
      options,
    );
    expect(stateful.ok ? undefined : stateful.error.param).toBe("previous_response_id");
  });

  test("max_output_tokens and text.format survive", () => {
    const schema = { type: "object" };
    const request = toMessages({
      model: "m",
      input: "x",
      max_output_tokens: 99,
      text: { format: { type: "json_schema", name: "r", schema } },
    });
    expect(request.body).toMatchObject({
      max_tokens: 99,
      tool_choice: { type: "tool", name: "structured_output" },
      tools: [{ name: "structured_output", input_schema: schema }],
    });
  });
});
