// bun-bare: the floor for any Bun gateway, a bare Bun.serve + fetch pass-through to one upstream.
// With --through-js it is bun-stream: the answer passes through a pull ReadableStream over the
// upstream body's reader, one chunk at a time, and nothing is done with the chunks. That is the
// floor of any Bun gateway that must see them (usage at a stream's end, an idle timeout, an error
// event on a cut), where bun-bare hands the body to Bun's native pipe.
// usage: BUN_CONFIG_MAX_HTTP_REQUESTS=16384 bun scripts/bench/bun-bare.ts --upstream ORIGIN
//        [--port N] [--through-js]

import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    upstream: { type: "string" },
    port: { type: "string" },
    "through-js": { type: "boolean" },
  },
});
const upstream = values.upstream ?? "";
if (!upstream.startsWith("http")) throw new Error("--upstream http://host:port is required");
const throughJs = values["through-js"] === true;

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
    const init = { status: answer.status, headers: answer.headers };
    return new Response(throughJs ? passedThroughJs(answer.body) : answer.body, init);
  },
});
const name = throughJs ? "bun-stream" : "bun-bare";
console.log(`${name} listening on ${server.url.origin}, forwarding to ${upstream}`);

function passedThroughJs(source: ReadableStream<Uint8Array> | null) {
  if (source === null) return null;
  const reader = source.getReader();
  return new ReadableStream<Uint8Array>(
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
}
