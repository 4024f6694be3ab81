// Test support: fixture bytes and the ways a stream's bytes can be cut into chunks.

import { join } from "node:path";
import {
  createStreamUsageTap,
  type Usage,
  type UsageKind,
} from "../../../../src/observability/usage/index.ts";

const fixturesDir = join(import.meta.dir, "../../../support/fixtures");
const encoder = new TextEncoder();

export async function fixtureBytes(name: string): Promise<Uint8Array> {
  return Bun.file(join(fixturesDir, `${name}.sse`)).bytes();
}

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** mulberry32: a small seeded PRNG so random chunk boundaries are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function splitEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) {
    chunks.push(bytes.subarray(offset, offset + size));
  }
  return chunks;
}

/** Cuts at random points, sometimes leaving empty chunks, as a socket may deliver them. */
export function splitRandomly(bytes: Uint8Array, random: () => number, maxSize = 40): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const size = Math.floor(random() * (maxSize + 1));
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** Named ways to chunk the same bytes; a tap must give the same usage for every one. */
export function chunkings(bytes: Uint8Array): [string, Uint8Array[]][] {
  const ways: [string, Uint8Array[]][] = [
    ["one chunk", [bytes]],
    ["1-byte chunks", splitEvery(bytes, 1)],
    ["2-byte chunks", splitEvery(bytes, 2)],
    ["7-byte chunks", splitEvery(bytes, 7)],
  ];
  for (const seed of [1, 2, 3, 42, 1234]) {
    ways.push([`random chunks (seed ${seed})`, splitRandomly(bytes, seededRandom(seed))]);
  }
  return ways;
}

export function tapUsage(kind: UsageKind, request: unknown, chunks: Uint8Array[]): Usage {
  const tap = createStreamUsageTap(kind, request);
  for (const chunk of chunks) tap.push(chunk);
  return tap.finish();
}

/** Joins SSE events, each given as [event name or undefined, data object or raw string]. */
export function sse(events: [string | undefined, unknown][]): string {
  return events
    .map(([name, data]) => {
      const line = `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
      return name ? `event: ${name}\n${line}` : line;
    })
    .join("");
}

/** A chat request with 8 chars of text: 2 tokens when estimated. */
export const chatRequest = { model: "m", messages: [{ role: "user", content: "abcdefgh" }] };

/** Usage in the one convention: `input` counts cache reads and writes too. */
export function reportedUsage(input: number, output: number, cacheRead = 0, cacheWrite = 0): Usage {
  return {
    input_tokens: input,
    output_tokens: output,
    cache_read_tokens: cacheRead,
    cache_write_tokens: cacheWrite,
    cached_tokens: cacheRead,
    estimated: false,
  };
}

export function estimatedUsage(input: number, output: number, cacheRead = 0): Usage {
  return { ...reportedUsage(input, output, cacheRead), estimated: true };
}
