// Several mock upstreams behind one proxy: distributions, failover, retries and what is retried.

import { expect, test } from "bun:test";
import OpenAI from "openai";
import { namedProvider, startProxy } from "../support/make-app.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";

const chat = { model: "gpt-test", messages: [{ role: "user" as const, content: "hi" }] };

function client(baseURL: string): OpenAI {
  return new OpenAI({ baseURL, apiKey: "client", maxRetries: 0 });
}

async function post(proxyBase: string, body: unknown = chat): Promise<Response> {
  return fetch(`${proxyBase}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

test("weighted 2:1 sends exactly 200 and 100 of 300 requests", async () => {
  await using a = startMockUpstream();
  await using b = startMockUpstream();
  await using proxy = startProxy({
    providers: [namedProvider("a", a.url, { weight: 2 }), namedProvider("b", b.url, { weight: 1 })],
  });
  for (let i = 0; i < 300; i++) expect((await post(proxy.baseURL)).status).toBe(200);
  expect([a.requests.length, b.requests.length]).toEqual([200, 100]);
});

test("round_robin spreads 300 requests evenly over three providers", async () => {
  const ups = [startMockUpstream(), startMockUpstream(), startMockUpstream()];
  await using proxy = startProxy({
    providers: ups.map((upstream, i) => namedProvider(`p${i}`, upstream.url)),
    routing: { strategy: "round_robin" },
  });
  const answeredBy: string[] = [];
  for (let i = 0; i < 300; i++) {
    answeredBy.push((await post(proxy.baseURL)).headers.get("x-llm-proxy-provider") ?? "");
  }
  expect(answeredBy.slice(0, 4)).toEqual(["p0", "p1", "p2", "p0"]);
  expect(ups.map((upstream) => upstream.requests.length)).toEqual([100, 100, 100]);
  await Promise.all(ups.map((upstream) => upstream.stop()));
});

test("failover tries the list in order and the client sees 200 from the first that answers", async () => {
  await using first = startMockUpstream([reply.status(500)]);
  await using second = startMockUpstream([reply.status(503)]);
  await using third = startMockUpstream();
  await using proxy = startProxy({
    providers: [
      namedProvider("first", first.url),
      namedProvider("second", second.url),
      namedProvider("third", third.url),
    ],
    routing: { strategy: "failover", retries: 2 },
  });
  const response = await post(proxy.baseURL);
  expect(response.status).toBe(200);
  expect(response.headers.get("x-llm-proxy-provider")).toBe("third");
  expect(response.headers.get("x-llm-proxy-attempts")).toBe("3");
  expect([first.requests.length, second.requests.length, third.requests.length]).toEqual([1, 1, 1]);
  // each upstream got its own key and the same body
  expect(third.requests[0]?.headers.authorization).toBe("Bearer sk-third-secret");
  expect(third.requests[0]?.body).toBe(first.requests[0]?.body as string);
});

test("retries past 429, refused connections and a hang, with the official SDK seeing 200", async () => {
  await using limited = startMockUpstream([reply.status(429, undefined, { "retry-after": "30" })]);
  await using hanging = startMockUpstream([reply.hang()]);
  await using healthy = startMockUpstream();
  const closed = startMockUpstream();
  const refusedUrl = closed.url;
  await closed.stop();
  await using proxy = startProxy(
    {
      providers: [
        namedProvider("limited", limited.url),
        namedProvider("refused", refusedUrl),
        namedProvider("hanging", hanging.url, {
          timeouts: { connect: "50ms", first_byte: "100ms" },
        }),
        namedProvider("healthy", healthy.url),
      ],
      routing: { strategy: "failover", retries: 3 },
    },
    { probe: async () => true },
  );
  const completion = await client(proxy.baseURL).chat.completions.create(chat).withResponse();
  expect(completion.data.choices[0]?.message.content).toBe("echo: hi");
  expect(completion.response.headers.get("x-llm-proxy-attempts")).toBe("4");
  await hanging.waitForAbort(0);
  // the 429's retry-after cools "limited" down: the next request skips it
  const next = await post(proxy.baseURL);
  expect(next.headers.get("x-llm-proxy-provider")).not.toBe("limited");
  expect(limited.requests).toHaveLength(1);
  const state = proxy.app.balancer.snapshot().find((p) => p.name === "limited");
  expect(state?.state).toBe("cooling_down");
});

test("4xx other than 429 goes back to the client unchanged, with no retry", async () => {
  const body = { error: { message: "bad param", type: "invalid_request_error", code: "x" } };
  await using first = startMockUpstream([reply.json(body, { status: 400 })]);
  await using second = startMockUpstream();
  await using proxy = startProxy({
    providers: [namedProvider("first", first.url), namedProvider("second", second.url)],
    routing: { strategy: "failover" },
  });
  const response = await post(proxy.baseURL);
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual(body);
  expect(second.requests).toHaveLength(0);
});

test("routing.retries bounds the attempts; the 502 lists each provider and status, no secret", async () => {
  const ups = [0, 1, 2].map(() => startMockUpstream([reply.status(500), reply.status(502)]));
  await using proxy = startProxy({
    providers: ups.map((upstream, i) => namedProvider(`p${i}`, upstream.url)),
    routing: { strategy: "failover", retries: 1 },
  });
  const response = await post(proxy.baseURL);
  const text = await response.text();
  expect(response.status).toBe(502);
  expect(response.headers.get("x-request-id")).toBeTruthy();
  const error = (JSON.parse(text) as { error: { message: string; details: unknown } }).error;
  expect(error.message).toBe(
    "all 2 attempts failed: provider p0 answered 500; provider p1 answered 500",
  );
  expect(error.details).toEqual({
    attempts: [
      { provider: "p0", status: 500, ms: expect.any(Number) },
      { provider: "p1", status: 500, ms: expect.any(Number) },
    ],
  });
  expect(text).not.toContain("sk-p");
  expect(ups[2]?.requests).toHaveLength(0);
  await Promise.all(ups.map((upstream) => upstream.stop()));
});

test("a lone provider's 429 reaches the client with its retry-after", async () => {
  await using only = startMockUpstream([reply.status(429, undefined, { "retry-after": "7" })]);
  await using proxy = startProxy({ providers: [namedProvider("only", only.url)] });
  const response = await post(proxy.baseURL);
  expect(response.status).toBe(429);
  expect(response.headers.get("retry-after")).toBe("7");
});

test("no retry after the first byte: a broken stream ends with an error event", async () => {
  await using first = startMockUpstream([
    reply.sse(['data: {"choices":[{"delta":{"content":"par"}}]}', "data: more"], {
      disconnectAfter: 1,
    }),
  ]);
  await using second = startMockUpstream();
  await using proxy = startProxy({
    providers: [namedProvider("first", first.url), namedProvider("second", second.url)],
    routing: { strategy: "failover" },
  });
  const response = await post(proxy.baseURL, { ...chat, stream: true });
  const text = await response.text();
  expect(response.status).toBe(200);
  expect(text).toContain('"par"');
  expect(text).toContain("event: error");
  expect(text).not.toContain("[DONE]");
  expect(second.requests).toHaveLength(0);
});

test("fallback_only takes traffic only when every primary fails", async () => {
  await using primary = startMockUpstream([reply.status(500)]);
  await using backup = startMockUpstream();
  await using proxy = startProxy({
    providers: [
      namedProvider("backup", backup.url, { fallback_only: true }),
      namedProvider("primary", primary.url),
    ],
  });
  const failedOver = await post(proxy.baseURL);
  expect(failedOver.headers.get("x-llm-proxy-provider")).toBe("backup");
  for (let i = 0; i < 5; i++) {
    expect((await post(proxy.baseURL)).headers.get("x-llm-proxy-provider")).toBe("primary");
  }
  expect(backup.requests).toHaveLength(1);
});

test("routes pick providers by model glob, model_map rewrites per provider", async () => {
  await using a = startMockUpstream();
  await using b = startMockUpstream();
  await using proxy = startProxy({
    providers: [
      namedProvider("a", a.url, { model_map: { "gpt-test": "gpt-test-deployment" } }),
      namedProvider("b", b.url),
    ],
    routes: [{ model: "special-*", providers: ["b"] }],
  });
  await post(proxy.baseURL, { ...chat, model: "special-1" });
  expect(b.requests[0]?.json).toMatchObject({ model: "special-1" });
  await post(proxy.baseURL, chat);
  await post(proxy.baseURL, chat);
  expect(a.requests[0]?.json).toMatchObject({ model: "gpt-test-deployment" });
  expect(b.requests[1]?.json).toMatchObject({ model: "gpt-test" });
});
