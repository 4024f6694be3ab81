// bun-bare: the floor for any Bun gateway, a bare Bun.serve + fetch pass-through to one upstream.
// usage: BUN_CONFIG_MAX_HTTP_REQUESTS=16384 bun scripts/bench/bun-bare.ts --upstream ORIGIN [--port N]

import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { upstream: { type: "string" }, port: { type: "string" } },
});
const upstream = values.upstream ?? "";
if (!upstream.startsWith("http")) throw new Error("--upstream http://host:port is required");

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: Number(values.port ?? 0),
  // streams may be quiet for a while; the gateways it is compared with do not cut them either
  idleTimeout: 0,
  async fetch(req) {
    // forward method, path, headers and body as they came; stream the answer back as it comes
    const pathStart = req.url.indexOf("/", req.url.indexOf("//") + 2);
    const answer = await fetch(upstream + req.url.slice(pathStart), {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: req.signal,
    });
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  },
});
console.log(`bun-bare listening on ${server.url.origin}, forwarding to ${upstream}`);
