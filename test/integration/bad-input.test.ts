import { expect, test } from "bun:test";
import { startProxy, upstreamProvider } from "../support/make-app.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";
import { readError } from "../support/read-json.ts";

/** Sends a raw HTTP/1.1 request so the target reaches the server exactly as written. */
async function rawRequest(port: number, target: string): Promise<{ status: number; body: string }> {
  const text = await new Promise<string>((resolve, reject) => {
    let buffer = "";
    Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        open: (socket) => {
          socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
        },
        data: (_socket, data) => {
          buffer += data.toString();
        },
        close: () => resolve(buffer),
        error: (_socket, error) => reject(error),
      },
    }).catch(reject);
  });
  const status = Number(text.split(" ")[1]);
  return { status, body: text.slice(text.indexOf("\r\n\r\n") + 4) };
}

test("bad input gets a clear error, never reaches the upstream, and the server keeps serving", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({
    server: { max_body: "1kb" },
    providers: [upstreamProvider(upstream.url)],
  });
  const post = (path: string, body: RequestInit["body"], headers: Record<string, string> = {}) =>
    fetch(`${proxy.origin}${path}`, { method: "POST", body, headers });

  const malformed = await post("/v1/chat/completions", "{not json", {
    "content-type": "application/json",
  });
  expect(malformed.status).toBe(400);
  expect(await readError(malformed)).toMatchObject({
    type: "invalid_request_error",
    code: "invalid_request",
  });

  const unknownPath = await fetch(`${proxy.origin}/nowhere`);
  expect(unknownPath.status).toBe(404);
  expect((await readError(unknownPath)).message).toBe("unknown path /nowhere");

  const notAllowed = await post("/v1/files", "{}");
  expect(notAllowed.status).toBe(403);
  expect((await readError(notAllowed)).message).toContain("endpoints.allow");

  const wrongMethod = await fetch(`${proxy.baseURL}/chat/completions`, { method: "DELETE" });
  expect(wrongMethod.status).toBe(405);
  expect(wrongMethod.headers.get("allow")).toBe("GET, POST");

  const big = JSON.stringify({
    model: "gpt-test",
    messages: [{ role: "user", content: "x".repeat(2_000) }],
  });
  const tooLarge = await post("/v1/chat/completions", big);
  expect(tooLarge.status).toBe(413);
  expect((await readError(tooLarge)).message).toContain("server.max_body");

  const chunked = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(big));
      controller.close();
    },
  });
  const tooLargeChunked = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: chunked,
    duplex: "half",
  } as RequestInit);
  expect(tooLargeChunked.status).toBe(413);

  // every form that is still visible after Bun's own normalisation is refused
  for (const target of [
    "//evil.test/v1/models",
    "//./v1/models",
    "///v1/models",
    "/v1//models",
    "/%2f/v1/models",
    "/v1/%252e%252e/admin",
    "/v1/chat%2Fcompletions",
    "/v1/models%00",
  ]) {
    const refused = await rawRequest(proxy.server.port, target);
    expect({ target, status: refused.status }).toEqual({ target, status: 400 });
  }
  // Bun resolves these before the handler runs: they arrive as the plain path they name
  const dotted = await rawRequest(proxy.server.port, "/v1/chat/completions/../../../admin");
  expect(dotted.status).toBe(404);
  const resolved = await rawRequest(proxy.server.port, "//%2e%2e/v1/models");
  expect(resolved.status).toBe(200);
  expect(upstream.requests.at(-1)?.path).toBe("/v1/models");
  upstream.requests.length = 0;

  expect(upstream.requests).toHaveLength(0);
  const ok = await post(
    "/v1/chat/completions",
    JSON.stringify({ model: "gpt-test", messages: [] }),
  );
  expect(ok.status).toBe(200);
  expect(upstream.requests).toHaveLength(1);
});

test("path errors on /v1/messages come back in Anthropic's shape", async () => {
  await using proxy = startProxy({ providers: [{ name: "m", type: "mock" }] });
  for (const target of ["/v1/messages%2Fx", "/v1/messages//count_tokens"]) {
    const refused = await rawRequest(proxy.server.port, target);
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toMatchObject({
      type: "error",
      error: { type: "invalid_request_error" },
    });
  }
});

test("an unknown model gets a 404 naming the model", async () => {
  await using proxy = startProxy({ providers: [{ name: "m", type: "mock", models: ["mock-*"] }] });
  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: JSON.stringify({ model: "gpt-nope", messages: [] }),
  });
  expect(response.status).toBe(404);
  expect(await response.json()).toEqual({
    error: {
      message: 'no provider serves model "gpt-nope"',
      type: "not_found_error",
      param: "model",
      code: "model_not_found",
    },
  });
});

test("an unreachable upstream gives a 502 that names the provider but no secret", async () => {
  const closed = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
  const url = `http://127.0.0.1:${closed.port}/v1`;
  await closed.stop(true);
  await using proxy = startProxy({ providers: [upstreamProvider(url)] });

  const response = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: JSON.stringify({ model: "gpt-test", messages: [] }),
  });
  const text = await response.text();

  expect(response.status).toBe(502);
  expect(JSON.parse(text).error.message).toContain("could not reach provider upstream");
  expect(text).not.toContain("sk-upstream-secret");
});
