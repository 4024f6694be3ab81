// Step 5 of the pipeline: a place in the global queue (queue.max_concurrent), or the reason why
// not in the caller's terms (a full queue, a wait past queue.timeout, a client that left).

import type { QueueConfig } from "../config/index.ts";
import type { Permit, Semaphore } from "../routing/index.ts";
import { ProxyError } from "../shared/index.ts";

export async function admit(
  admission: Semaphore,
  queue: QueueConfig,
  signal: AbortSignal,
): Promise<Permit> {
  const result = await admission.acquire(queue.timeout, signal);
  if (result.ok) return result.permit;
  switch (result.reason) {
    case "full":
      throw new ProxyError(
        "queue_full",
        `the request queue is full (queue.max_queued: ${queue.max_queued} waiting)`,
        { headers: { "retry-after": "1" } },
      );
    case "timeout":
      throw new ProxyError(
        "queue_timeout",
        `waited queue.timeout (${queue.timeout} ms) for one of queue.max_concurrent (${queue.max_concurrent}) places`,
        { headers: { "retry-after": String(Math.max(1, Math.ceil(queue.timeout / 1000))) } },
      );
    case "aborted":
      throw new ProxyError("client_closed", "client went away while queued");
  }
}
