import { expect, test } from "bun:test";
import { startProxy, upstreamProvider } from "../support/make-app.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";
import { readError } from "../support/read-json.ts";

const body = JSON.stringify({ model: "gpt-test", messages: [{ role: "user", content: "slow" }] });

// first_byte runs from the moment the request is sent, not after connect: with a 10 s connect
// allowance, a first_byte counted after it would outlast this test's 3 s timeout
test("no response headers within first_byte gives 504 in OpenAI shape", async () => {
  await using upstream = startMockUpstream([reply.hang()]);
  await using proxy = startProxy(
    {
      providers: [
        upstreamProvider(upstream.url, { timeouts: { connect: "10s", first_byte: "100ms" } }),
      ],
    },
    { probe: async () => true },
  );

  const response = await fetch(`${proxy.baseURL}/chat/completions`, { method: "POST", body });

  expect(response.status).toBe(504);
  const error = await readError(response);
  expect(error).toMatchObject({ type: "timeout_error", code: "upstream_timeout" });
  expect(error.message).toContain("sent no response within 100 ms (timeouts.first_byte)");
  await upstream.waitForAbort(0);
}, 3_000);

test("a host that cannot be connected to times out after connect, in Anthropic shape on /v1/messages", async () => {
  await using upstream = startMockUpstream([reply.hang()]);
  const probed: string[] = [];
  await using proxy = startProxy(
    {
      providers: [
        upstreamProvider(upstream.url, {
          type: "anthropic",
          timeouts: { connect: "50ms", first_byte: "10s" },
        }),
      ],
    },
    {
      probe: async (host, port) => {
        probed.push(`${host}:${port}`);
        return false;
      },
    },
  );

  const response = await fetch(`${proxy.origin}/v1/messages`, { method: "POST", body });

  expect(response.status).toBe(504);
  expect(await response.json()).toMatchObject({
    type: "error",
    error: {
      type: "timeout_error",
      message: "could not connect to provider upstream within 50 ms",
      details: { attempts: [{ provider: "upstream", error: "connect_timeout" }] },
    },
  });
  expect(probed).toEqual([`127.0.0.1:${upstream.port}`]);
});

test("a connect probe that fails after the headers arrived does not cut the answer", async () => {
  await using upstream = startMockUpstream({ latencyMs: 100, chunkCount: 6, chunkIntervalMs: 20 });
  let probeAnswers: (reachable: boolean) => void = () => {};
  const verdict = new Promise<boolean>((resolve) => {
    probeAnswers = resolve;
  });
  await using proxy = startProxy(
    { providers: [upstreamProvider(upstream.url, { timeouts: { connect: "30ms" } })] },
    { probe: () => verdict },
  );

  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: JSON.stringify({
      model: "gpt-test",
      stream: true,
      messages: [{ role: "user", content: "a b c" }],
    }),
  });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let text = new TextDecoder().decode((await reader.read()).value);
  // the probe, started at 30 ms while the upstream had not answered, says "unreachable" now
  probeAnswers(false);
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    text += new TextDecoder().decode(part.value);
  }
  expect(text).toContain("data: [DONE]");
  expect(text).not.toContain("event: error");
});

test("the total request timeout ends a stream that stalls with an error event", async () => {
  await using upstream = startMockUpstream([reply.hangAfterHeaders()]);
  await using proxy = startProxy({
    providers: [upstreamProvider(upstream.url, { timeouts: { request: "200ms" } })],
  });

  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: JSON.stringify({ model: "gpt-test", stream: true, messages: [] }),
  });
  const text = await response.text();

  expect(response.status).toBe(200);
  expect(text).toContain("event: error");
  expect(text).toContain('"code":"upstream_timeout"');
  expect(text).not.toContain("[DONE]");
});
