// startMockUpstream: a real Bun.serve server that records each request and answers it from a script.

import { createDefaultReply } from "./default-reply.ts";
import { delay } from "./delay.ts";
import { openAIErrorBody } from "./openai-wire.ts";
import { toRecordedRequest } from "./record-request.ts";
import { createWaiters } from "./request-waiters.ts";
import type { MockReply, MockUpstream, MockUpstreamOptions, RecordedRequest } from "./types.ts";

export const requestIndexHeader = "x-mock-request-index";

/** An array is shorthand for `{ replies }`. */
export function startMockUpstream(options: MockUpstreamOptions | MockReply[] = {}): MockUpstream {
  const settings = Array.isArray(options) ? { replies: options } : options;
  const queue = [...(settings.replies ?? [])];
  const defaultReply = settings.defaultReply ?? createDefaultReply(settings);
  const latencyMs = settings.latencyMs ?? 0;
  const keepRequests = settings.recordRequests ?? true;
  const requests: RecordedRequest[] = [];
  const waiters = createWaiters();
  let received = 0;

  const server = Bun.serve({
    port: settings.port ?? 0,
    hostname: settings.hostname ?? "127.0.0.1",
    // streams may stay silent on purpose (hang, long intervals)
    idleTimeout: 0,
    async fetch(req) {
      // 1. record before anything else can go wrong
      const recorded = await toRecordedRequest(req, waiters.notify);
      const index = received++;
      if (keepRequests) requests.push(recorded);
      waiters.notify();
      // 2. pick the scripted reply, else the default
      const next = queue.shift() ?? defaultReply;
      // 3. answer
      await delay(latencyMs, req.signal);
      return withRequestIndex(await answer(next, req, recorded), index);
    },
  });

  const origin = server.url.origin;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      waiters.close(`mock upstream stopped after ${received} requests`);
      await server.stop(true);
    })();
    return stopping;
  };
  return {
    url: `${origin}/v1`,
    origin,
    port: Number(server.url.port),
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    waitForRequests: (count) => waiters.until(() => received >= count, `${count} requests`),
    waitForAbort: (index) =>
      waiters.until(() => requests[index]?.aborted === true, `request ${index} to abort`),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

// --- internal ---

async function answer(next: MockReply, req: Request, recorded: RecordedRequest): Promise<Response> {
  try {
    return await next(req, recorded);
  } catch (error: unknown) {
    // a broken script should fail the test loudly, not hang it
    const message = `mock reply threw: ${error instanceof Error ? error.message : String(error)}`;
    return Response.json(openAIErrorBody(500, message), { status: 500 });
  }
}

function withRequestIndex(response: Response, index: number): Response {
  try {
    response.headers.set(requestIndexHeader, String(index));
    return response;
  } catch {
    // immutable headers (a Response from fetch): copy them
    const copy = new Response(response.body, response);
    copy.headers.set(requestIndexHeader, String(index));
    return copy;
  }
}
