import { describe, expect, test } from "bun:test";
import type { Usage, UsageKind } from "../../../../src/observability/usage/index.ts";
import {
  chatRequest,
  chunkings,
  estimatedUsage,
  fixtureBytes,
  reportedUsage,
  sse,
  tapUsage,
  utf8,
} from "./sse-chunks.ts";

const responsesStream = sse([
  ["response.created", { type: "response.created", response: { id: "r", usage: null } }],
  ["response.output_text.delta", { type: "response.output_text.delta", delta: "Hel" }],
  ["response.output_text.delta", { type: "response.output_text.delta", delta: "lo 世界" }],
  ["response.output_text.done", { type: "response.output_text.done", text: "Hello 世界" }],
  [
    "response.completed",
    {
      type: "response.completed",
      response: {
        id: "r",
        output: [{ type: "message", content: [{ type: "output_text", text: "Hello 世界" }] }],
        usage: {
          input_tokens: 31,
          input_tokens_details: { cached_tokens: 16 },
          output_tokens: 4,
          total_tokens: 35,
        },
      },
    },
  ],
]);

const completionStream = sse([
  [undefined, { object: "text_completion", choices: [{ index: 0, text: "Once" }] }],
  [undefined, { object: "text_completion", choices: [{ index: 0, text: " upon" }] }],
  [
    undefined,
    { object: "text_completion", choices: [], usage: { prompt_tokens: 3, completion_tokens: 2 } },
  ],
  [undefined, "[DONE]"],
]);

const anthropicCached = sse([
  [
    "message_start",
    {
      type: "message_start",
      message: { usage: { input_tokens: 5, cache_read_input_tokens: 2048, output_tokens: 1 } },
    },
  ],
  [
    "content_block_delta",
    { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "ok" } },
  ],
  ["message_delta", { type: "message_delta", delta: {}, usage: { output_tokens: 3 } }],
  ["message_delta", { type: "message_delta", delta: {}, usage: { output_tokens: 7 } }],
  ["message_stop", { type: "message_stop" }],
]);

describe("reported usage, however the stream is chunked", () => {
  const cases: [string, UsageKind, () => Promise<Uint8Array>, Usage][] = [
    ["openai-chat.sse", "openai_chat", () => fixtureBytes("openai-chat"), reportedUsage(12, 4)],
    [
      "anthropic-message.sse",
      "anthropic_messages",
      () => fixtureBytes("anthropic-message"),
      reportedUsage(12, 5),
    ],
    [
      "anthropic-tool-use.sse",
      "anthropic_messages",
      () => fixtureBytes("anthropic-tool-use"),
      reportedUsage(40, 22),
    ],
    [
      "a Responses API stream",
      "openai_responses",
      async () => utf8(responsesStream),
      reportedUsage(31, 4, 16),
    ],
    [
      "a legacy completions stream",
      "openai_completion",
      async () => utf8(completionStream),
      reportedUsage(3, 2),
    ],
    [
      "an Anthropic stream with cache reads",
      "anthropic_messages",
      async () => utf8(anthropicCached),
      // message_start's input_tokens (5) excludes the 2048 cache reads
      reportedUsage(2053, 7, 2048),
    ],
  ];
  for (const [name, kind, load, expected] of cases) {
    test(`reads ${name}`, async () => {
      const bytes = await load();
      for (const [way, chunks] of chunkings(bytes)) {
        expect({ way, usage: tapUsage(kind, chatRequest, chunks) }).toEqual({
          way,
          usage: expected,
        });
      }
    });
  }
});

describe("estimated usage, however the stream is chunked", () => {
  test("estimates tool-call arguments as output when the chat stream has no usage", async () => {
    const bytes = await fixtureBytes("openai-chat-tool-calls");
    // arguments '{"city"' + ':"Paris"}' = 16 chars: 4 tokens
    for (const [way, chunks] of chunkings(bytes)) {
      expect({ way, usage: tapUsage("openai_chat", chatRequest, chunks) }).toEqual({
        way,
        usage: estimatedUsage(2, 4),
      });
    }
  });

  test("estimates the text before an error event that ends the stream", async () => {
    const bytes = await fixtureBytes("openai-chat-error-mid-stream");
    // "Partial": 7 chars, 2 tokens
    for (const [way, chunks] of chunkings(bytes)) {
      expect({ way, usage: tapUsage("openai_chat", chatRequest, chunks) }).toEqual({
        way,
        usage: estimatedUsage(2, 2),
      });
    }
  });

  test("counts multi-byte characters split across chunks once each", () => {
    const text = "世界世界世界世界"; // 8 chars, 24 bytes: 2 tokens, more if split characters were mangled
    const bytes = utf8(
      sse([
        [undefined, { choices: [{ delta: { content: text } }] }],
        [undefined, "[DONE]"],
      ]),
    );
    for (const [way, chunks] of chunkings(bytes)) {
      expect({ way, usage: tapUsage("openai_chat", chatRequest, chunks) }).toEqual({
        way,
        usage: estimatedUsage(2, 2),
      });
    }
  });
});

describe("a stream cut short", () => {
  test("estimates output from the text streamed before the cut", async () => {
    const text = new TextDecoder().decode(await fixtureBytes("openai-chat"));
    // cut inside the " the fixture." event: "" + "Hello" + " from" = 10 chars, 3 tokens
    const cut = text.indexOf(" the fixture.") - 20;
    expect(tapUsage("openai_chat", chatRequest, [utf8(text.slice(0, cut))])).toEqual(
      estimatedUsage(2, 3),
    );
  });

  test("keeps Anthropic's reported input and estimates output after message_start", async () => {
    const text = new TextDecoder().decode(await fixtureBytes("anthropic-message"));
    // through the first content_block_delta ("Hello": 5 chars, 2 tokens) and half of the next
    const cut = text.indexOf(" from the fixture.");
    expect(tapUsage("anthropic_messages", chatRequest, [utf8(text.slice(0, cut))])).toEqual(
      estimatedUsage(12, 2),
    );
  });

  test("never throws and never loses counted text, wherever the cut falls", async () => {
    for (const name of ["openai-chat", "anthropic-message", "anthropic-tool-use"]) {
      const bytes = await fixtureBytes(name);
      const kind = name.startsWith("openai") ? "openai_chat" : "anthropic_messages";
      let previous = 0;
      for (let cut = 0; cut <= bytes.length; cut++) {
        const usage = tapUsage(kind, chatRequest, [bytes.subarray(0, cut)]);
        // once the upstream reports output it replaces the estimate, which may be higher
        if (!usage.estimated) continue;
        expect(usage.output_tokens).toBeGreaterThanOrEqual(previous);
        previous = usage.output_tokens;
      }
    }
  });

  test("reads a final event that lacks its closing blank line", () => {
    const bytes = utf8('data: {"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":6}}');
    expect(tapUsage("openai_chat", chatRequest, [bytes])).toEqual(reportedUsage(4, 6));
  });
});
