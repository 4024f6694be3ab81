// One token convention on every usage row: input_tokens counts cache reads and writes, for
// OpenAI and Anthropic, JSON and streamed, and the cache parts are kept apart.

import { expect, test } from "bun:test";
import { openStore } from "../../src/store/index.ts";
import { makeApp, namedProvider, speaksAll } from "../support/make-app.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";

const openAIUsage = {
  prompt_tokens: 1500,
  completion_tokens: 20,
  prompt_tokens_details: { cached_tokens: 1024, cache_write_tokens: 200 },
};
// Anthropic's input_tokens (276) excludes the cache: 276 + 1024 + 200 = 1500 input tokens
const anthropicUsage = {
  input_tokens: 276,
  output_tokens: 20,
  cache_read_input_tokens: 1024,
  cache_creation_input_tokens: 200,
};

test("OpenAI and Anthropic rows count the same input the same way, JSON and streamed", async () => {
  await using upstream = startMockUpstream([
    reply.openAIChat("a b", { usage: openAIUsage }),
    reply.openAIChat("a b", { usage: openAIUsage }),
    reply.anthropicMessage("a b", { usage: anthropicUsage }),
    reply.anthropicMessage("a b", { usage: anthropicUsage }),
  ]);
  const store = openStore(":memory:");
  const app = makeApp({ providers: [namedProvider("up", upstream.url, speaksAll)] }, { store });
  const send = async (path: string, body: Record<string, unknown>) => {
    const response = await app.fetch(
      new Request(`http://proxy${path}`, { method: "POST", body: JSON.stringify(body) }),
    );
    await response.text();
  };
  const messages = [{ role: "user", content: "hello" }];
  await send("/v1/chat/completions", { model: "gpt-x", messages });
  await send("/v1/chat/completions", {
    model: "gpt-x",
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  await send("/v1/messages", { model: "claude-x", max_tokens: 5, messages });
  await send("/v1/messages", { model: "claude-x", max_tokens: 5, messages, stream: true });
  await app.waitForIdle();
  await app.close();

  const rows = store.db
    .query<Record<string, unknown>, []>(
      `select input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cached_tokens,
         estimated from usage_records order by id`,
    )
    .all();
  const expected = {
    input_tokens: 1500,
    output_tokens: 20,
    cache_read_tokens: 1024,
    cache_write_tokens: 200,
    cached_tokens: 1024,
    estimated: 0,
  };
  expect(rows).toEqual([expected, expected, expected, expected]);
  store.close();
});
