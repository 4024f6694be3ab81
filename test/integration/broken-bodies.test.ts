// An upstream error answer whose body breaks off while the proxy reads it is a failed attempt:
// the provider's slot and the attempt's timers are released, and the next request is served.

import { expect, test } from "bun:test";
import { startProxy, upstreamProvider } from "../support/make-app.ts";

const okBody = JSON.stringify({
  id: "c1",
  object: "chat.completion",
  choices: [{ index: 0, message: { role: "assistant", content: "fine" }, finish_reason: "stop" }],
});

/**
 * A raw HTTP upstream: the first request gets `status` with a chunked body cut mid-way (the
 * connection closes before its last chunk), every later one a 200.
 */
function startCuttingUpstream(status: number) {
  let requests = 0;
  const server = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data(socket) {
        requests++;
        if (requests === 1) {
          socket.write(
            `HTTP/1.1 ${status} Error\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n5\r\n{"err\r\n`,
          );
          socket.end();
          return;
        }
        socket.write(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${okBody.length}\r\n\r\n${okBody}`,
        );
      },
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/v1`,
    [Symbol.dispose]: () => server.stop(true),
  };
}

const ask = (baseURL: string) =>
  fetch(`${baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-test", messages: [{ role: "user", content: "hi" }] }),
  });

for (const status of [400, 429]) {
  test(`a ${status} whose body breaks off is a failed attempt that lets go of its slot`, async () => {
    using upstream = startCuttingUpstream(status);
    await using proxy = startProxy({
      routing: { slot_wait: "5s", retries: 0 },
      providers: [upstreamProvider(upstream.url, { max_concurrent: 1 })],
    });

    const broken = await ask(proxy.baseURL);
    expect(broken.status).toBe(502);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe(
      "upstream_error",
    );
    // with the slot still held this would wait 5 s and get 503 providers_busy
    const next = await ask(proxy.baseURL);
    expect(next.status).toBe(200);
    expect(((await next.json()) as { object: string }).object).toBe("chat.completion");
  });
}
