// Test helpers for stream translators: build SSE bytes, run a translator over chosen chunkings,
// read the client's events back.

import type { ApiDialect } from "../../../src/translate/index.ts";
import { createStreamTranslator } from "../../../src/translate/index.ts";

export const fixedClock = { now: () => 1_730_000_000_000 };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Anthropic-style events: `event:` line and JSON data. */
export function anthropicSse(events: readonly Record<string, unknown>[]): string {
  return events
    .map((data) => `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`)
    .join("");
}

/** OpenAI chat chunks as `data:` lines, ending with [DONE]. */
export function chatSse(chunks: readonly unknown[], done = true): string {
  const lines = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`);
  return lines.join("") + (done ? "data: [DONE]\n\n" : "");
}

export type Direction = { upstream: ApiDialect; client: ApiDialect };

/** Runs the whole upstream text through a fresh translator, cut at the given byte offsets. */
export function translateInChunks(
  direction: Direction,
  upstreamText: string,
  clientRequest: Record<string, unknown>,
  cuts: readonly number[] = [],
): string {
  const bytes = encoder.encode(upstreamText);
  const translator = createStreamTranslator(
    direction.upstream,
    direction.client,
    clientRequest,
    fixedClock,
  );
  const out: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    const piece = translator.push(bytes.subarray(start, cut));
    if (piece) out.push(piece);
    start = cut;
  }
  const last = translator.flush();
  if (last) out.push(last);
  return out.map((chunk) => decoder.decode(chunk)).join("");
}

export type ClientEvent = { name: string | undefined; data: unknown };

/** The client's SSE text as events with parsed data ("[DONE]" stays a string). */
export function readEvents(text: string): ClientEvent[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const lines = block.split("\n");
      const name = lines.find((line) => line.startsWith("event: "))?.slice(7);
      const data = lines.find((line) => line.startsWith("data: "))?.slice(6) ?? "";
      return { name, data: data === "[DONE]" ? data : JSON.parse(data) };
    });
}

/** Serves fixed bytes as an SSE response, for the official SDKs to parse. */
export function serveSse(body: string): { url: string; stop: () => Promise<void> } {
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: () => new Response(body, { headers: { "content-type": "text/event-stream" } }),
  });
  return { url: server.url.origin, stop: () => server.stop(true) };
}
