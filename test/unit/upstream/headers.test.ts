import { expect, test } from "bun:test";
import { stripForClient, toUpstreamHeaders } from "../../../src/upstream/headers.ts";

test("drops hop-by-hop, client credentials and framing headers going upstream", () => {
  const client = new Headers({
    authorization: "Bearer client-token",
    "x-api-key": "client-key",
    "api-key": "client-azure",
    cookie: "session=1",
    connection: "keep-alive, x-private",
    "x-private": "p",
    "keep-alive": "timeout=5",
    "transfer-encoding": "chunked",
    host: "proxy.local",
    "content-length": "10",
    "accept-encoding": "br",
    "content-type": "application/json",
    "anthropic-beta": "tools",
    "x-relay": "forwarded sk-llmp-0123456789abcdefghijklmnopqrstuvwxyzABCDEFG",
  });
  const out = toUpstreamHeaders(client, { "OpenAI-Organization": "org-1" });
  expect([...out.keys()].sort()).toEqual(["anthropic-beta", "content-type", "openai-organization"]);
  // the client's own headers are copied, never changed in place
  expect(client.get("authorization")).toBe("Bearer client-token");
});

test("drops encodings fetch already decoded on the way back", () => {
  const upstream = new Headers({
    "content-encoding": "gzip",
    "content-length": "123",
    connection: "close",
    "content-type": "application/json",
    "x-ratelimit-remaining-requests": "99",
  });
  const out = stripForClient(upstream);
  expect([...out.keys()].sort()).toEqual(["content-type", "x-ratelimit-remaining-requests"]);
});
