import { describe, expect, test } from "bun:test";
import { resolve } from "node:path";
import { reassembleStreamText } from "../../../../src/observability/traces/index.ts";

const fixture = (name: string): Promise<string> =>
  Bun.file(resolve(import.meta.dir, "../../../support/fixtures", name)).text();

const sse = (events: readonly unknown[]): string =>
  events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join("");

describe("reassembleStreamText", () => {
  test("joins OpenAI chat deltas", async () => {
    expect(reassembleStreamText(await fixture("openai-chat.sse"))).toBe("Hello from the fixture.");
  });

  test("joins Anthropic text deltas", async () => {
    expect(reassembleStreamText(await fixture("anthropic-message.sse"))).toBe(
      "Hello from the fixture.",
    );
  });

  test("joins Responses output_text deltas and ignores the done events", () => {
    const stream = [
      "event: response.created",
      'data: {"type":"response.created","response":{"id":"r"}}',
      "",
      "event: response.output_text.delta",
      'data: {"type":"response.output_text.delta","delta":"Hel"}',
      "",
      "event: response.output_text.delta",
      'data: {"type":"response.output_text.delta","delta":"lo 世界"}',
      "",
      'data: {"type":"response.output_text.done","text":"Hello 世界"}',
      "",
    ].join("\r\n");
    expect(reassembleStreamText(stream)).toBe("Hello 世界");
  });

  test("keeps OpenAI choices apart when n > 1", () => {
    const stream = sse([
      { choices: [{ index: 0, delta: { content: "A" } }] },
      { choices: [{ index: 1, delta: { content: "B" } }] },
      { choices: [{ index: 0, delta: { content: "a" } }] },
      { choices: [{ index: 1, delta: { content: "b" } }] },
    ]);
    expect(reassembleStreamText(`${stream}data: [DONE]\n\n`)).toBe("Aa\n\nBb");
  });

  test("reads data split over several lines and a last event with no blank line", () => {
    const stream =
      'data: {"type":"content_block_delta",\ndata: "delta":{"type":"text_delta","text":"one"}}\n\n' +
      'data:{"type":"content_block_delta","delta":{"type":"text_delta","text":" two"}}';
    expect(reassembleStreamText(stream)).toBe("one two");
  });

  test("skips comments, malformed JSON, tool-call deltas and errors", () => {
    const stream = [
      ": keep-alive\n\n",
      "data: {not json\n\n",
      sse([
        { choices: [{ index: 0, delta: { tool_calls: [{ index: 0 }] } }] },
        { type: "content_block_delta", delta: { type: "input_json_delta", partial_json: "{" } },
        { error: { message: "boom" } },
        { choices: [{ index: 0, delta: { content: "ok" } }] },
      ]),
    ].join("");
    expect(reassembleStreamText(stream)).toBe("ok");
  });

  test("returns an empty string for an empty stream", () => {
    expect(reassembleStreamText("")).toBe("");
    expect(reassembleStreamText("data: [DONE]\n\n")).toBe("");
  });
});
