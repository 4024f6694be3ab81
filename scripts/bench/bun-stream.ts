// bun-stream: bun-bare with the answer passed through JavaScript, one chunk at a time, through a
// pull ReadableStream over the upstream body's reader. It does nothing with the chunks: it is the
// floor of any Bun gateway that must see them (usage at the end of a stream, an idle timeout,
// error events on a cut), where bun-bare hands the body to Bun's native pipe.
// usage: BUN_CONFIG_MAX_HTTP_REQUESTS=16384 bun scripts/bench/bun-stream.ts --upstream ORIGIN [--port N]

import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { upstream: { type: "string" }, port: { type: "string" } },
});
const upstream = values.upstream ?? "";
if (!upstream.startsWith("http")) throw new Error("--upstream http://host:port is required");

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: Number(values.port ?? 0),
  idleTimeout: 0,
  async fetch(req) {
    const pathStart = req.url.indexOf("/", req.url.indexOf("//") + 2);
    const answer = await fetch(upstream + req.url.slice(pathStart), {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: req.signal,
    });
    const init = { status: answer.status, headers: answer.headers };
    if (answer.body === null) return new Response(null, init);
    const reader = answer.body.getReader();
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        },
        cancel: (reason) => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    );
    return new Response(body, init);
  },
});
console.log(`bun-stream listening on ${server.url.origin}, forwarding to ${upstream}`);
