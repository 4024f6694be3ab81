// The bench mock's reply: the mock upstream's default reply, memoized for immediate answers, so
// that building 50-chunk streams and 1 MB bodies on every request does not make the mock the
// bottleneck of the targets it is compared through.

import {
  createDefaultReply,
  type MockReply,
  overrideHeaders,
  type RecordedRequest,
} from "../../test/support/mock-upstream.ts";

/** Distinct requests the bench sends are few; this bounds the memo all the same. */
const maxEntries = 64;

/** Headers whose reply changes with time (delays, spacing, cuts): those are never memoized. */
const timedHeaders = [
  overrideHeaders.status,
  overrideHeaders.latencyMs,
  overrideHeaders.intervalMs,
  overrideHeaders.hang,
  overrideHeaders.disconnectAfter,
];

export function createMemoReply(fallback: MockReply = createDefaultReply()): MockReply {
  const memo = new Map<string, Stored>();
  return async (req, recorded) => {
    if (!canMemoize(recorded)) return await fallback(req, recorded);
    const key = memoKey(recorded);
    let stored = memo.get(key);
    if (stored === undefined) {
      stored = await toStored(await fallback(req, recorded));
      if (memo.size < maxEntries && stored.status === 200) memo.set(key, stored);
    }
    return toResponse(stored);
  };
}

// --- internal ---

type Stored = { status: number; headers: [string, string][]; bytes: Uint8Array; sse: boolean };

function canMemoize(recorded: RecordedRequest): boolean {
  return timedHeaders.every((name) => {
    const value = recorded.headers[name];
    return value === undefined || value === "" || value === "0";
  });
}

/** Every x-mock-* header shapes the reply (chunks, body size, and whatever the mock adds). */
function memoKey(recorded: RecordedRequest): string {
  const shape = Object.entries(recorded.headers)
    .filter(([name]) => name.startsWith("x-mock-"))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`);
  return `${recorded.method} ${recorded.path} ${shape.join(" ")} ${recorded.body}`;
}

async function toStored(response: Response): Promise<Stored> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const headers = [...response.headers].filter(([name]) => name !== "content-length");
  const sse = (response.headers.get("content-type") ?? "").startsWith("text/event-stream");
  return { status: response.status, headers, bytes, sse };
}

/** A stream goes out chunked, as from a real provider; a JSON body with its length. */
function toResponse(stored: Stored): Response {
  const init = { status: stored.status, headers: stored.headers };
  if (!stored.sse) return new Response(stored.bytes, init);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(stored.bytes);
      controller.close();
    },
  });
  return new Response(body, init);
}
