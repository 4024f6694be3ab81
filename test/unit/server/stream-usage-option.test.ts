import { describe, expect, test } from "bun:test";
import type { ClientBody } from "../../../src/server/request-body.ts";
import {
  createUsageChunkStripper,
  requestStreamUsage,
} from "../../../src/server/stream-usage-option.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function bodyOf(json: Record<string, unknown>): ClientBody {
  return { bytes: encoder.encode(JSON.stringify(json)), json, model: String(json.model) };
}

describe("requestStreamUsage", () => {
  test("adds include_usage to an OpenAI stream that did not ask, keeping other stream options", () => {
    const result = requestStreamUsage(
      bodyOf({ model: "m", stream: true, stream_options: { other: 1 } }),
      "/v1/chat/completions",
    );
    expect(result.stripUsageChunk).toBe(true);
    expect(JSON.parse(decoder.decode(result.body.bytes ?? new Uint8Array()))).toEqual({
      model: "m",
      stream: true,
      stream_options: { other: 1, include_usage: true },
    });
  });

  test.each([
    [
      "a client that asked",
      { model: "m", stream: true, stream_options: { include_usage: true } },
      "/v1/chat/completions",
    ],
    ["a non-streamed request", { model: "m" }, "/v1/chat/completions"],
    ["an Anthropic stream", { model: "m", stream: true }, "/v1/messages"],
    ["embeddings", { model: "m", stream: true }, "/v1/embeddings"],
  ])("leaves %s alone", (_, json, path) => {
    const body = bodyOf(json);
    expect(requestStreamUsage(body, path)).toEqual({ body, stripUsageChunk: false });
  });
});

describe("usage chunk stripper", () => {
  const content = 'data: {"choices":[{"index":0,"delta":{"content":"hi"}}],"usage":null}\n\n';
  const usage = 'data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1}}\n\n';
  const done = "data: [DONE]\n\n";

  function run(parts: string[]): string[] {
    const stripper = createUsageChunkStripper();
    const out = parts.map((part) => stripper.push(encoder.encode(part)));
    out.push(stripper.flush());
    return out.map((chunk) => (chunk === null ? "" : decoder.decode(chunk)));
  }

  test("drops only the usage-only event and passes complete events at once", () => {
    expect(run([content, usage, done])).toEqual([content, "", done, ""]);
  });

  test("holds a split event until its end, across chunk and UTF-8 boundaries", () => {
    const snowman = encoder.encode("☃");
    const stripper = createUsageChunkStripper();
    const first = stripper.push(encoder.encode('data: {"x":"'));
    const second = stripper.push(snowman.subarray(0, 1));
    const third = stripper.push(Uint8Array.of(...snowman.subarray(1), ...encoder.encode('"}\n\n')));
    expect([first, second]).toEqual([null, null]);
    expect(decoder.decode(third ?? new Uint8Array())).toBe('data: {"x":"☃"}\n\n');
    const splitUsage = run([usage.slice(0, 20), usage.slice(20), done]);
    expect(splitUsage.join("")).toBe(done);
  });

  test("handles CRLF framing and keeps a usage event that still carries choices", () => {
    const crlfUsage = 'data: {"choices":[],"usage":{"prompt_tokens":1}}\r\n\r\n';
    const mixed = 'data: {"choices":[{"index":0}],"usage":{"prompt_tokens":1}}\n\n';
    expect(run([crlfUsage, mixed, "data: tail-without-end"]).join("")).toBe(
      `${mixed}data: tail-without-end`,
    );
  });
});
