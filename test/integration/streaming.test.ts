import { expect, test } from "bun:test";
import { startProxy, upstreamProvider } from "../support/make-app.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";

function chat(stream: boolean, content = "alpha beta gamma delta epsilon") {
  return JSON.stringify({ model: "gpt-test", stream, messages: [{ role: "user", content }] });
}

async function readChunkTimes(response: Response): Promise<{ text: string; times: number[] }> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const times: number[] = [];
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text, times };
    times.push(performance.now());
    text += decoder.decode(value, { stream: true });
  }
}

test("stream events spaced 50 ms apart upstream arrive about 50 ms apart", async () => {
  await using upstream = startMockUpstream({ chunkCount: 6, chunkIntervalMs: 50 });
  await using proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });

  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: chat(true),
  });
  const { text, times } = await readChunkTimes(response);

  expect(text).toContain("data: [DONE]");
  const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
  const spaced = gaps.filter((gap) => gap >= 30);
  // Buffering would deliver everything in one or two reads; pass-through keeps the rhythm.
  expect(spaced.length).toBeGreaterThanOrEqual(5);
  expect(times.length).toBeGreaterThanOrEqual(6);
});

test("streams carry the anti-buffering and proxy headers", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });

  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: chat(true),
    headers: { "x-request-id": "client-req-42" },
  });
  await response.text();

  expect(response.headers.get("content-type")).toStartWith("text/event-stream");
  expect(response.headers.get("cache-control")).toBe("no-cache");
  expect(response.headers.get("x-accel-buffering")).toBe("no");
  expect(response.headers.get("x-request-id")).toBe("client-req-42");
  expect(response.headers.get("x-llm-proxy-provider")).toBe("upstream");
  expect(response.headers.get("x-llm-proxy-attempts")).toBe("1");
  expect(Number(response.headers.get("x-upstream-response-time"))).toBeGreaterThanOrEqual(0);
  expect(Number(response.headers.get("x-llm-proxy-overhead-ms"))).toBeGreaterThanOrEqual(0);
  expect(upstream.requests[0]?.headers["x-request-id"]).toBe("client-req-42");
});

test("an invalid inbound request id is replaced", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });
  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: chat(false),
    headers: { "x-request-id": "bad id with spaces" },
  });
  expect(response.headers.get("x-request-id")).toMatch(/^req_[A-Za-z0-9_-]+$/);
});

test("an upstream that dies mid-stream ends an OpenAI stream with an error event, no [DONE]", async () => {
  await using upstream = startMockUpstream([
    reply.openAIChat("one two three four five", { stream: true, chunks: 5, disconnectAfter: 3 }),
  ]);
  await using proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });

  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: chat(true),
  });
  const text = await response.text();

  expect(response.status).toBe(200);
  expect(text).not.toContain("[DONE]");
  const lastEvent = text.trim().split("\n\n").at(-1) ?? "";
  expect(lastEvent).toStartWith("event: error\ndata: ");
  const payload = JSON.parse(lastEvent.split("data: ")[1] ?? "{}");
  expect(payload.error).toMatchObject({ type: "api_error", code: "upstream_error" });
});

test("an upstream that dies mid-stream ends an Anthropic stream with Anthropic's error event", async () => {
  await using upstream = startMockUpstream([
    reply.anthropicMessage("one two three four", { stream: true, chunks: 4, disconnectAfter: 3 }),
  ]);
  await using proxy = startProxy({
    providers: [upstreamProvider(upstream.url, { type: "anthropic" })],
  });

  const response = await fetch(`${proxy.origin}/v1/messages`, {
    method: "POST",
    body: JSON.stringify({ model: "claude-test", max_tokens: 10, stream: true, messages: [] }),
  });
  const text = await response.text();

  const lastEvent = text.trim().split("\n\n").at(-1) ?? "";
  expect(lastEvent).toStartWith("event: error\ndata: ");
  const payload = JSON.parse(lastEvent.split("data: ")[1] ?? "{}");
  expect(payload).toMatchObject({ type: "error", error: { type: "api_error" } });
  expect(text).not.toContain("message_stop");
});

test("a client that disconnects mid-stream aborts the upstream request", async () => {
  await using upstream = startMockUpstream({ chunkCount: 50, chunkIntervalMs: 20 });
  await using proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });
  const controller = new AbortController();

  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: chat(true),
    signal: controller.signal,
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  await reader.read();
  controller.abort();

  await upstream.waitForAbort(0);
  expect(upstream.requests[0]?.aborted).toBe(true);
  await proxy.app.waitForIdle();
  expect(proxy.app.inFlight()).toBe(0);
});

test("a client that disconnects before the upstream answers aborts the upstream request", async () => {
  await using upstream = startMockUpstream([reply.hang()]);
  await using proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });
  const controller = new AbortController();

  const pending = fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: chat(false),
    signal: controller.signal,
  }).catch((error: unknown) => error);
  await upstream.waitForRequests(1);
  controller.abort();
  await pending;

  await upstream.waitForAbort(0);
  expect(upstream.requests[0]?.aborted).toBe(true);
});
