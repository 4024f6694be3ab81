// What an idle or slow client gets (DESIGN.md, never a self-made outage): a body must arrive
// within server.body_timeout, the admission slot is taken only after it has, and the bytes of
// bodies being read at once are bounded.

import { expect, test } from "bun:test";
import { openStore } from "../../src/store/index.ts";
import { startProxy, upstreamProvider } from "../support/make-app.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";

type Stalled = { answer: Promise<string>; close(): void };

/** Sends the headers and part of a body, then goes quiet (the socket stays open). */
function stalledUpload(port: number, path: string, declared: number, sent: string): Stalled {
  let answerText = "";
  let closeSocket: () => void = () => {};
  const answer = new Promise<string>((resolve, reject) => {
    Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        open: (socket) => {
          closeSocket = () => socket.end();
          socket.write(
            `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n${sent}`,
          );
        },
        data: (_socket, data) => {
          answerText += data.toString();
          if (answerText.includes("\r\n\r\n") && answerText.includes("}")) resolve(answerText);
        },
        close: () => resolve(answerText),
        error: (_socket, error) => reject(error),
      },
    }).catch(reject);
  });
  return { answer, close: () => closeSocket() };
}

/** Waits (one /health round trip at a time) until the bodies being read total `bytes`. */
async function bodyBytesReach(origin: string, bytes: number): Promise<void> {
  for (let round = 0; round < 1_000; round++) {
    const health = (await (await fetch(`${origin}/health`)).json()) as {
      bodies_in_flight_bytes: number;
    };
    if (health.bodies_in_flight_bytes === bytes) return;
  }
  throw new Error(`bodies in flight never reached ${bytes} bytes`);
}

const chat = JSON.stringify({ model: "gpt-test", messages: [{ role: "user", content: "hi" }] });

test("a body that stalls gets 408 in the caller's dialect and never holds an admission slot", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({
    server: { body_timeout: "300ms" },
    queue: { max_concurrent: 1, timeout: "100ms" },
    providers: [upstreamProvider(upstream.url, { type: "anthropic" })],
  });
  const stalled = [1, 2, 3, 4].map(() =>
    stalledUpload(proxy.server.port, "/v1/messages", 1_000, '{"model":"claude-x",'),
  );

  // the only slot is free for a client that sends its body
  const served = await fetch(`${proxy.origin}/v1/messages`, { method: "POST", body: chat });
  expect(served.status).toBe(200);

  for (const upload of stalled) {
    const answer = await upload.answer;
    expect(answer).toStartWith("HTTP/1.1 408");
    expect(answer).toContain('"type":"error"');
    expect(answer).toContain("server.body_timeout");
    upload.close();
  }
  expect(upstream.requests).toHaveLength(1);
});

test("bodies past server.max_body_in_flight are refused at once with 503 and retry-after", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({
    server: { body_timeout: "5s", max_body: "8kb", max_body_in_flight: "10kb" },
    providers: [upstreamProvider(upstream.url)],
  });
  // the first upload holds 8 KB of the 10 KB budget until it completes or times out
  const holding = stalledUpload(proxy.server.port, "/v1/chat/completions", 8_000, "{");
  await bodyBytesReach(proxy.origin, 8_000);
  const refused = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: JSON.stringify({ model: "gpt-test", messages: [], pad: "x".repeat(4_000) }),
  });
  expect(refused.status).toBe(503);
  expect(refused.headers.get("retry-after")).toBe("1");
  expect(await refused.text()).toContain("server.max_body_in_flight");
  holding.close();
  await bodyBytesReach(proxy.origin, 0);
  const small = await fetch(`${proxy.baseURL}/chat/completions`, { method: "POST", body: chat });
  expect(small.status).toBe(200);
});

test("routing.model_prefixes: proxy-gpt-4 is routed and sent upstream as gpt-4, the row keeps it", async () => {
  await using upstream = startMockUpstream();
  const store = openStore(":memory:");
  const proxy = startProxy(
    {
      providers: [
        upstreamProvider(upstream.url, { models: ["gpt-*"], model_map: { "gpt-4": "gpt-4-0613" } }),
      ],
    },
    { store },
  );
  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: JSON.stringify({ model: "proxy-gpt-4", messages: [{ role: "user", content: "x" }] }),
  });
  expect(response.status).toBe(200);
  expect(upstream.requests[0]?.json).toMatchObject({ model: "gpt-4-0613" });
  await proxy[Symbol.asyncDispose]();
  const row = store.db.query("select model, model_served from usage_records").get();
  expect(row).toEqual({ model: "proxy-gpt-4", model_served: "gpt-4-0613" });
  store.close();
});
