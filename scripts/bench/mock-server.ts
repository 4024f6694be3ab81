// The bench's mock upstream process: `bun scripts/bench/mock-server.ts [--port N]`; prints the
// line "mock upstream listening on ORIGIN". Replies are shaped per request with x-mock-* headers.

import { parseArgs } from "node:util";
import { startMockUpstream } from "../../test/support/mock-upstream.ts";
import { createMemoReply } from "./memo-reply.ts";

const { values } = parseArgs({ options: { port: { type: "string", default: "0" } } });
const mock = startMockUpstream({
  port: Number(values.port),
  defaultReply: createMemoReply(),
  // a long run would otherwise keep every request in memory
  recordRequests: false,
});
const shutdown = async (): Promise<void> => {
  await mock.stop();
  process.exit(0);
};
// handlers first: whoever reads the line below may signal at once
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
console.log(`mock upstream listening on ${mock.origin}`);
