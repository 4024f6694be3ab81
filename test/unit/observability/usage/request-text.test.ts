import { expect, test } from "bun:test";
import { estimateInputTokens } from "../../../../src/observability/usage/request-text.ts";

const chars = (count: number) => "x".repeat(count);

test.each<[string, unknown, number]>([
  ["nothing for a missing body", undefined, 0],
  ["nothing for a non-object body", "hello", 0],
  ["chat string content", { messages: [{ role: "user", content: chars(9) }] }, 3],
  [
    "chat content-part arrays, skipping images",
    {
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: chars(4) },
            { type: "image_url", image_url: { url: "https://example.com/a-long-url.png" } },
          ],
        },
      ],
    },
    1,
  ],
  [
    "earlier tool calls and tool results",
    {
      messages: [
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: chars(8) } }],
        },
        { role: "tool", tool_call_id: "c", content: chars(4) },
      ],
    },
    3,
  ],
  [
    "the Anthropic system prompt as a string",
    { system: chars(4), messages: [{ role: "user", content: chars(4) }] },
    2,
  ],
  [
    "the Anthropic system prompt as blocks, and nested tool results",
    {
      system: [{ type: "text", text: chars(4) }],
      messages: [
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "t", content: [{ type: "text", text: chars(4) }] },
          ],
        },
      ],
    },
    2,
  ],
  ["a prompt string", { prompt: chars(5) }, 2],
  ["a prompt array", { prompt: [chars(4), chars(4)] }, 2],
  ["a token-id prompt as one token per id", { prompt: [1, 2, 3] }, 3],
  ["an input string", { input: chars(12) }, 3],
  ["an input array", { input: [chars(2), chars(3)] }, 2],
  [
    "Responses input items and instructions",
    {
      instructions: chars(4),
      input: [{ role: "user", content: [{ type: "input_text", text: chars(4) }] }],
    },
    2,
  ],
  ["rounding up once over all text", { system: "x", messages: [{ content: "x" }] }, 1],
  ["UTF-16 length for non-ASCII text", { input: "世界世界" }, 1],
])("counts %s", (_name, request, tokens) => {
  expect(estimateInputTokens(request)).toBe(tokens);
});

test("stops at a bounded depth on deeply nested input", () => {
  let content: unknown = "x".repeat(400);
  for (let depth = 0; depth < 10_000; depth++) content = [{ content }];
  expect(estimateInputTokens({ messages: content })).toBe(0);
});
