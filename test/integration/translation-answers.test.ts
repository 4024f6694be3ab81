// Whole answers of translated requests that the translation cannot read: the client gets an error
// in its own dialect, with a status that says so.

import { expect, test } from "bun:test";
import OpenAI from "openai";
import { startProxy } from "../support/make-app.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";

test("a translated 200 that is not JSON reaches the client as a 502, not as a 200", async () => {
  await using upstream = startMockUpstream([
    () => new Response("<html>maintenance</html>", { headers: { "content-type": "text/html" } }),
    reply.anthropicMessage("fine"),
  ]);
  await using proxy = startProxy({
    providers: [{ name: "claude", type: "anthropic", base_url: upstream.url, api_key: "k" }],
  });
  const client = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });
  const ask = () =>
    client.chat.completions
      .create({ model: "claude-x", messages: [{ role: "user", content: "hi" }] })
      .withResponse();

  const failure = await ask().catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(OpenAI.APIError);
  expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
  const { data, response } = await ask();
  expect(response.headers.get("content-type")).toBe("application/json");
  expect(data.choices[0]?.message.content).toBe("fine");
});
