// Bun's fetch() runs only 256 requests at once unless BUN_CONFIG_MAX_HTTP_REQUESTS is set at
// startup; `serve` must not be capped by it. 300 streams are held open upstream until all 300
// have arrived, so a capped proxy would deadlock here instead of passing.

import { expect, test } from "bun:test";
import { startServe } from "../support/cli.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";

const streams = 300;

/** Raw HTTP/1.1 client: the test's own fetch() is capped at 256 as well. */
function rawStream(port: number, body: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let received = "";
    Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        open: (socket) => {
          socket.write(
            `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
          );
        },
        data: (_socket, data) => {
          received += data.toString();
        },
        close: () => resolve(received),
        error: (_socket, error) => reject(error),
      },
    }).catch(reject);
  });
}

test(`serve forwards ${streams} concurrent streams at once`, async () => {
  await using upstream = startMockUpstream({
    defaultReply: async () => {
      await upstream.waitForRequests(streams);
      return new Response('data: {"ok":true}\n\ndata: [DONE]\n\n', {
        headers: { "content-type": "text/event-stream" },
      });
    },
  });
  await using proxy = await startServe(["--base-url", upstream.url]);
  const port = Number(new URL(proxy.origin).port);
  const body = JSON.stringify({ model: "m", stream: true, messages: [] });

  const answers = await Promise.all(Array.from({ length: streams }, () => rawStream(port, body)));

  expect(upstream.requests).toHaveLength(streams);
  expect(answers.filter((answer) => answer.includes("data: [DONE]"))).toHaveLength(streams);
}, 20_000);
