import { expect, test } from "bun:test";
import { startProxy, upstreamProvider } from "../support/make-app.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";

const streamBody = JSON.stringify({
  model: "gpt-test",
  stream: true,
  messages: [{ role: "user", content: "a b c d e" }],
});

test("shutdown lets an in-flight stream finish within the grace period", async () => {
  await using upstream = startMockUpstream({ chunkCount: 5, chunkIntervalMs: 40 });
  const proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });
  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: streamBody,
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  await reader.read();

  const stopped = proxy.server.shutdown(5_000);
  let text = "";
  const decoder = new TextDecoder();
  for (let part = await reader.read(); !part.done; part = await reader.read())
    text += decoder.decode(part.value);
  await stopped;

  expect(text).toContain("data: [DONE]");
  expect(text).not.toContain("event: error");
  const refused = await fetch(`${proxy.origin}/health`).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(Error);
});

test("streams still running when the grace period ends get an error event", async () => {
  await using upstream = startMockUpstream({ chunkCount: 100, chunkIntervalMs: 30 });
  const proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });
  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: streamBody,
  });

  const [text] = await Promise.all([response.text(), proxy.server.shutdown(150)]);

  expect(text).toContain("event: error");
  expect(text).toContain('"code":"shutting_down"');
  expect(text).not.toContain("[DONE]");
});
