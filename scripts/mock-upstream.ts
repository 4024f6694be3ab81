// Launches the mock upstream for the benchmark and smoke tests: `bun scripts/mock-upstream.ts --port N`.

import { parseArgs } from "node:util";
import { createDefaultReply, startMockUpstream } from "../test/support/mock-upstream.ts";
import { createMemoReply } from "./bench/memo-reply.ts";

const usage = `usage: bun scripts/mock-upstream.ts [--port N] [--host 127.0.0.1] [--latency-ms N]
  [--chunks N] [--interval-ms N] [--record] [--memo]
Per-request control: x-mock-status, x-mock-latency-ms, x-mock-chunks, x-mock-interval-ms,
x-mock-hang, x-mock-disconnect-after, x-mock-body-bytes headers.
  --memo  answer a request seen before from memory, unless its x-mock-* headers ask for
          delays, hangs or cuts (the bench: so the mock is never the bottleneck)`;

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    "latency-ms": { type: "string", default: "0" },
    chunks: { type: "string", default: "3" },
    "interval-ms": { type: "string", default: "0" },
    // off by default: a long benchmark would otherwise keep every request in memory
    record: { type: "boolean", default: false },
    memo: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(usage);
} else {
  const reply = {
    chunkCount: toCount("--chunks", values.chunks),
    chunkIntervalMs: toCount("--interval-ms", values["interval-ms"]),
  };
  const mock = startMockUpstream({
    port: toCount("--port", values.port),
    hostname: values.host,
    latencyMs: toCount("--latency-ms", values["latency-ms"]),
    ...reply,
    ...(values.memo ? { defaultReply: createMemoReply(createDefaultReply(reply)) } : {}),
    recordRequests: values.record,
  });
  const shutdown = async (): Promise<void> => {
    await mock.stop();
    process.exit(0);
  };
  // handlers first: whoever reads the line below may signal at once
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  console.log(`mock upstream listening on ${mock.origin}`);
}

function toCount(flag: string, value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) {
    console.error(`${flag} must be a whole number, got ${JSON.stringify(value)}\n${usage}`);
    process.exit(2);
  }
  return count;
}
