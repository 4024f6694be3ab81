import { expect, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import { startProxy, upstreamProvider } from "../support/make-app.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";

const clientKey = "sk-ant-client-key-never-forwarded";

function anthropicProvider(url: string) {
  return upstreamProvider(url, {
    name: "anthropic",
    type: "anthropic",
    api_key: "sk-ant-upstream",
  });
}

test("a message goes through with x-api-key replaced and anthropic-version kept", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({ providers: [anthropicProvider(upstream.url)] });
  const client = new Anthropic({ baseURL: proxy.origin, apiKey: clientKey, maxRetries: 0 });

  const message = await client.messages.create({
    model: "claude-test",
    max_tokens: 64,
    messages: [{ role: "user", content: "hello claude" }],
  });

  const first = message.content[0];
  expect(first?.type === "text" ? first.text : "").toBe("echo: hello claude");
  const seen = upstream.requests[0];
  expect(seen?.path).toBe("/v1/messages");
  expect(seen?.headers["x-api-key"]).toBe("sk-ant-upstream");
  expect(seen?.headers["anthropic-version"]).toBeString();
  expect(JSON.stringify(seen?.headers)).not.toContain(clientKey);
});

test("a streamed message arrives as Anthropic events", async () => {
  await using upstream = startMockUpstream({ chunkCount: 3 });
  await using proxy = startProxy({ providers: [anthropicProvider(upstream.url)] });
  const client = new Anthropic({ baseURL: proxy.origin, apiKey: clientKey, maxRetries: 0 });

  const stream = client.messages.stream({
    model: "claude-test",
    max_tokens: 64,
    messages: [{ role: "user", content: "stream this please" }],
  });
  const deltas: string[] = [];
  stream.on("text", (text) => deltas.push(text));
  const final = await stream.finalMessage();

  expect(deltas.join("")).toBe("echo: stream this please");
  expect(deltas.length).toBeGreaterThanOrEqual(3);
  expect(final.stop_reason).toBe("end_turn");
});

test("errors on /v1/messages come back in Anthropic's shape", async () => {
  await using proxy = startProxy({ providers: [{ name: "m", type: "mock", models: ["mock-*"] }] });
  const client = new Anthropic({ baseURL: proxy.origin, apiKey: clientKey, maxRetries: 0 });

  const failure = await client.messages
    .create({ model: "claude-unknown", max_tokens: 8, messages: [{ role: "user", content: "x" }] })
    .catch((error: unknown) => error);

  expect(failure).toBeInstanceOf(Anthropic.NotFoundError);
  const body = await fetch(`${proxy.origin}/v1/messages`, {
    method: "POST",
    body: JSON.stringify({ model: "claude-unknown" }),
  }).then((r) => r.json());
  expect(body).toEqual({
    type: "error",
    error: { type: "not_found_error", message: 'no provider serves model "claude-unknown"' },
  });
});
