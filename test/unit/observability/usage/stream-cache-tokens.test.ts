// Cache reads and writes in streams: one convention (input counts them) whatever the upstream.

import { expect, test } from "bun:test";
import { chatRequest, chunkings, reportedUsage, sse, tapUsage, utf8 } from "./sse-chunks.ts";

test("an Anthropic stream counts cache reads and writes as input, however it is chunked", () => {
  const bytes = utf8(
    sse([
      [
        "message_start",
        {
          type: "message_start",
          message: {
            usage: {
              input_tokens: 5,
              cache_creation_input_tokens: 100,
              cache_read_input_tokens: 2048,
              output_tokens: 1,
            },
          },
        },
      ],
      [
        "content_block_delta",
        { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "ok" } },
      ],
      // a later event repeating only some counts keeps the cache counts already seen
      ["message_delta", { type: "message_delta", delta: {}, usage: { input_tokens: 5 } }],
      ["message_delta", { type: "message_delta", delta: {}, usage: { output_tokens: 9 } }],
      ["message_stop", { type: "message_stop" }],
    ]),
  );
  for (const [way, chunks] of chunkings(bytes)) {
    expect({ way, usage: tapUsage("anthropic_messages", chatRequest, chunks) }).toEqual({
      way,
      usage: reportedUsage(2153, 9, 2048, 100),
    });
  }
});

test("an OpenAI chat stream's usage chunk gives cached and cache-write tokens apart", () => {
  const bytes = utf8(
    sse([
      [undefined, { choices: [{ index: 0, delta: { content: "Hi" } }], usage: null }],
      [
        undefined,
        {
          choices: [],
          usage: {
            prompt_tokens: 1200,
            completion_tokens: 3,
            prompt_tokens_details: { cached_tokens: 1024, cache_write_tokens: 100 },
          },
        },
      ],
      [undefined, "[DONE]"],
    ]),
  );
  for (const [way, chunks] of chunkings(bytes)) {
    expect({ way, usage: tapUsage("openai_chat", chatRequest, chunks) }).toEqual({
      way,
      usage: reportedUsage(1200, 3, 1024, 100),
    });
  }
});
