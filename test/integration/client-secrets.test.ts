// No secret leaks back or forward: the client's credentials never reach an upstream (in any
// header or query parameter), and an upstream that echoes its own key never shows it to clients.

import { expect, test } from "bun:test";
import { openStore } from "../../src/store/index.ts";
import { startProxy, upstreamProvider } from "../support/make-app.ts";
import { managementOf } from "../support/management.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";

const upstreamKey = "sk-upstream-secret";
const chatBody = (stream = false) =>
  JSON.stringify({ model: "gpt-test", stream, messages: [{ role: "user", content: "hi" }] });

test("client tokens in the query or in headers the proxy does not use never go upstream", async () => {
  await using upstream = startMockUpstream();
  const store = openStore(":memory:");
  await using proxy = startProxy(
    { auth: { mode: "tokens" }, providers: [upstreamProvider(upstream.url)] },
    { store },
  );
  const { secret } = await managementOf(store).createToken({ project: "p" });
  const query = `?api_key=${secret}&key=${secret}&Access_Token=x&beta=true&note=${secret}`;
  const response = await fetch(`${proxy.baseURL}/chat/completions${query}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${secret}`,
      "x-goog-api-key": secret,
      "x-custom-auth": `Token ${secret}`,
      "x-trace": "kept",
    },
    body: chatBody(),
  });
  expect(response.status).toBe(200);
  const [seen] = upstream.requests;
  expect(seen?.query).toBe("?beta=true");
  expect(seen?.headers.authorization).toBe(`Bearer ${upstreamKey}`);
  expect(seen?.headers["x-trace"]).toBe("kept");
  expect(JSON.stringify(seen?.headers)).not.toContain(secret);
  store.close();
});

test("an upstream 401 that echoes its key reaches the client redacted", async () => {
  const echo = { error: { message: `Incorrect API key provided: Bearer ${upstreamKey}.` } };
  await using upstream = startMockUpstream([reply.status(401, echo)]);
  await using proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });
  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: chatBody(),
  });
  expect(response.status).toBe(401);
  const text = await response.text();
  expect(text).not.toContain(upstreamKey);
  expect(text).toContain("Incorrect API key provided");
});

test("an error event in a stream that echoes the key reaches the client redacted", async () => {
  const half = Math.floor(upstreamKey.length / 2);
  const events = [
    'data: {"choices":[{"delta":{"content":"hi"}}]}',
    `event: error\ndata: {"error":{"message":"invalid key ${upstreamKey.slice(0, half)}`,
  ];
  await using upstream = startMockUpstream([
    reply.sse([...events.slice(0, 1), `${events[1]}${upstreamKey.slice(half)}"}}`]),
  ]);
  await using proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });
  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: chatBody(true),
  });
  const text = await response.text();
  expect(text).toContain('"content":"hi"');
  expect(text).toContain("invalid key [redacted]");
  expect(text).not.toContain(upstreamKey);
});

test("the proxy's own hints keep their placeholders", async () => {
  const store = openStore(":memory:");
  await using proxy = startProxy(
    { auth: { mode: "tokens" }, providers: [{ name: "m", type: "mock" }] },
    { store },
  );
  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: chatBody(),
  });
  expect(response.status).toBe(401);
  const { error } = (await response.json()) as { error: { message: string } };
  expect(error.message).toContain("Authorization: Bearer <token>");
  store.close();
});
