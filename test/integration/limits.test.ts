// Per-provider max_concurrent, the global admission queue, and slot accounting under abuse.

import { expect, test } from "bun:test";
import { namedProvider, startProxy } from "../support/make-app.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";
import { readError, readJson } from "../support/read-json.ts";

const body = JSON.stringify({ model: "gpt-test", messages: [{ role: "user", content: "hi" }] });
const streamBody = JSON.stringify({
  model: "gpt-test",
  stream: true,
  messages: [{ role: "user", content: "hi" }],
});

const post = (base: string, init: RequestInit = {}) =>
  fetch(`${base}/chat/completions`, { method: "POST", body, ...init });

type Health = { in_flight: number; queue: { active: number; waiting: number } };

test("a provider at max_concurrent spills over to the next after slot_wait", async () => {
  await using a = startMockUpstream([reply.hangAfterHeaders()]);
  await using b = startMockUpstream();
  await using proxy = startProxy({
    providers: [namedProvider("a", a.url, { max_concurrent: 1 }), namedProvider("b", b.url)],
    routing: { strategy: "failover", slot_wait: "50ms" },
  });
  const holder = new AbortController();
  const held = await post(proxy.baseURL, { body: streamBody, signal: holder.signal });
  expect(held.headers.get("x-llm-proxy-provider")).toBe("a");
  // held until the end: a response nobody references can be collected, which closes its stream
  const heldReader = (held.body as ReadableStream<Uint8Array>).getReader();

  const spilled = await post(proxy.baseURL);
  expect(spilled.status).toBe(200);
  expect(spilled.headers.get("x-llm-proxy-provider")).toBe("b");
  const state = proxy.app.balancer.snapshot().find((p) => p.name === "a");
  expect(state).toMatchObject({ state: "at_capacity", in_flight: 1, slots_in_use: 1 });

  holder.abort();
  await heldReader.closed.catch(() => {});
  await a.waitForAbort(0);
  await proxy.app.waitForIdle();
  const freed = await post(proxy.baseURL);
  expect(freed.headers.get("x-llm-proxy-provider")).toBe("a");
});

test("every provider busy past slot_wait gives 503 with retry-after", async () => {
  await using a = startMockUpstream([reply.hangAfterHeaders()]);
  await using proxy = startProxy({
    providers: [namedProvider("a", a.url, { max_concurrent: 1 })],
    routing: { slot_wait: "30ms" },
  });
  const holder = new AbortController();
  await post(proxy.baseURL, { body: streamBody, signal: holder.signal });
  const busy = await post(proxy.baseURL);
  expect(busy.status).toBe(503);
  expect(busy.headers.get("retry-after")).toBe("1");
  expect((await readError(busy)).message).toContain("every provider is at max_concurrent (a)");
  holder.abort();
});

test("queue: a full queue answers 429 at once, a long wait 503 after queue.timeout", async () => {
  await using upstream = startMockUpstream([reply.hangAfterHeaders(), reply.hangAfterHeaders()]);
  await using noWaiting = startProxy({
    providers: [namedProvider("a", upstream.url)],
    queue: { max_concurrent: 1, max_queued: 0, timeout: "1s" },
  });
  const holder = new AbortController();
  await post(noWaiting.baseURL, { body: streamBody, signal: holder.signal });
  const full = await post(noWaiting.baseURL);
  expect(full.status).toBe(429);
  expect(full.headers.get("retry-after")).toBe("1");
  expect(await readError(full)).toMatchObject({
    type: "rate_limit_error",
    code: "queue_full",
    message: expect.stringContaining("queue.max_queued"),
  });
  holder.abort();

  await using shortWait = startProxy({
    providers: [namedProvider("a", upstream.url)],
    queue: { max_concurrent: 1, max_queued: 10, timeout: "100ms" },
  });
  const second = new AbortController();
  await post(shortWait.baseURL, { body: streamBody, signal: second.signal });
  const timedOut = await fetch(`${shortWait.origin}/v1/messages`, { method: "POST", body });
  expect(timedOut.status).toBe(503);
  expect(timedOut.headers.get("retry-after")).toBe("1");
  expect(await timedOut.json()).toMatchObject({
    type: "error",
    error: { type: "overloaded_error", message: expect.stringContaining("queue.timeout") },
  });
  expect(upstream.requests).toHaveLength(2);
  second.abort();
});

test("queued requests are admitted in arrival order as places free up", async () => {
  await using upstream = startMockUpstream({ latencyMs: 20 });
  await using proxy = startProxy({
    providers: [namedProvider("a", upstream.url)],
    queue: { max_concurrent: 1, timeout: "10s" },
  });
  const contents = ["first", "second", "third", "fourth"];
  const answers = await Promise.all(
    contents.map((content) =>
      post(proxy.baseURL, {
        body: JSON.stringify({ model: "m", messages: [{ role: "user", content }] }),
      }),
    ),
  );
  expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
  // one at a time: each request reached the upstream only after the previous one finished
  const arrivals = upstream.requests.map((request) => request.receivedAt);
  for (let i = 1; i < arrivals.length; i++) {
    expect((arrivals[i] as number) - (arrivals[i - 1] as number)).toBeGreaterThanOrEqual(15);
  }
});

test("no slot or queue place leaks after 1,000 mixed aborted, failed and good requests", async () => {
  await using a = startMockUpstream();
  await using b = startMockUpstream();
  await using proxy = startProxy({
    providers: [
      namedProvider("a", a.url, { max_concurrent: 8 }),
      // b times out slow answers, so timed-out attempts are in the mix too
      namedProvider("b", b.url, {
        max_concurrent: 8,
        timeouts: { connect: "20ms", first_byte: "50ms" },
      }),
    ],
    routing: { slot_wait: "5s", circuit_breaker: { failures: 1_000_000 } },
    queue: { max_concurrent: 32, max_queued: 2_000, timeout: "30s" },
  });
  const kinds = [
    "ok",
    "500",
    "429",
    "slow",
    "hang",
    "abort-early",
    "abort-stream",
    "stream",
  ] as const;
  const one = async (i: number): Promise<string> => {
    const kind = kinds[i % kinds.length] as (typeof kinds)[number];
    const controller = new AbortController();
    const headers: Record<string, string> = {};
    if (kind === "500") headers["x-mock-status"] = "500";
    if (kind === "429") headers["x-mock-status"] = "429";
    if (kind === "hang") headers["x-mock-hang"] = "1";
    if (kind === "slow") headers["x-mock-latency-ms"] = "120";
    const streaming = kind === "stream" || kind === "abort-stream";
    if (streaming) {
      headers["x-mock-chunks"] = "5";
      headers["x-mock-interval-ms"] = "5";
    }
    try {
      const pending = post(proxy.baseURL, {
        headers,
        body: streaming ? streamBody : body,
        signal: controller.signal,
      });
      if (kind === "abort-early") queueMicrotask(() => controller.abort());
      if (kind === "hang") setTimeout(() => controller.abort(), 50);
      const response = await pending;
      if (kind === "abort-stream") {
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        await reader.read();
        controller.abort();
        return "aborted";
      }
      await response.arrayBuffer();
      return String(response.status);
    } catch {
      return "aborted";
    }
  };
  // 64 clients at a time: the proxy runs in this process and shares fetch()'s 256-request cap
  // with the test's own client requests
  const results: string[] = [];
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < 1_000) {
      const index = nextIndex++;
      results[index] = await one(index);
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));

  const tally = (wanted: string) => results.filter((result) => result === wanted).length;
  // the mix really happened: successes, client aborts, upstream errors and timeouts
  expect(tally("200")).toBeGreaterThan(100);
  expect(tally("aborted")).toBeGreaterThan(100);
  expect(tally("502")).toBeGreaterThan(100);
  const slowOnes = results.filter((_, i) => kinds[i % kinds.length] === "slow");
  expect(slowOnes.every((result) => result === "200")).toBe(true);
  const timedOut = proxy.app.balancer.snapshot().find((state) => state.name === "b");
  expect(timedOut?.errors.server).toBeGreaterThan(0);

  await proxy.app.waitForIdle();
  const health = await readJson<Health>(await fetch(`${proxy.origin}/health`));
  expect(health).toMatchObject({ in_flight: 0, queue: { active: 0, waiting: 0 } });
  for (const state of proxy.app.balancer.snapshot()) {
    expect(state).toMatchObject({ in_flight: 0, slots_in_use: 0 });
  }
  // and every slot is usable again: 16 concurrent good requests all succeed
  const after = await Promise.all(Array.from({ length: 16 }, () => post(proxy.baseURL)));
  expect(after.map((response) => response.status)).toEqual(Array(16).fill(200));
});
