import { expect, test } from "bun:test";
import type { CacheEntry } from "../../../src/cache/index.ts";
import { cachedResponse } from "../../../src/server/cached-response.ts";
import { createUsageChunkStripper } from "../../../src/server/stream-usage-option.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const events = [
  'data: {"choices":[{"delta":{"content":"a"}}]}\n\n',
  'data: {"choices":[{"delta":{"content":"b"}}]}\n\n',
  'data: {"choices":[],"usage":{"prompt_tokens":1}}\n\n',
  "data: [DONE]\n\n",
];

function entry(streamed: boolean, body: string): CacheEntry {
  return {
    status: 200,
    contentType: streamed ? "text/event-stream" : "application/json",
    streamed,
    body: encoder.encode(body),
    storedAt: 1_000,
    expiresAt: 100_000,
  };
}

async function chunksOf(response: Response): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of response.body as ReadableStream<Uint8Array>) {
    chunks.push(decoder.decode(chunk));
  }
  return chunks;
}

const options = { requestId: "req_1", elapsedMs: 0.25, now: 4_500 };

test("a stored stream is replayed one event per chunk, with stream headers, HIT and age", async () => {
  const response = cachedResponse(entry(true, events.join("")), {
    ...options,
    transform: undefined,
  });
  expect(await chunksOf(response)).toEqual(events);
  expect(Object.fromEntries(response.headers)).toMatchObject({
    "x-cache-status": "HIT",
    age: "3",
    "cache-control": "no-cache",
    "x-accel-buffering": "no",
    "x-request-id": "req_1",
    "x-llm-proxy-attempts": "0",
  });
});

test("a replay applies the same transform as the original stream", async () => {
  const response = cachedResponse(entry(true, events.join("")), {
    ...options,
    transform: createUsageChunkStripper(),
  });
  expect(await chunksOf(response)).toEqual(events.filter((_, index) => index !== 2));
});

test("a stored JSON answer comes back whole", async () => {
  const response = cachedResponse(entry(false, '{"ok":true}'), {
    ...options,
    transform: undefined,
  });
  expect(await response.json()).toEqual({ ok: true });
  expect(response.headers.get("content-type")).toBe("application/json");
  expect(response.headers.get("cache-control")).toBeNull();
});
