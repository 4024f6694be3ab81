// Property test: every stream translator gives the same client bytes however the upstream's
// bytes are split: at every single byte boundary, into seeded random chunkings, byte by byte.

import { describe, expect, test } from "bun:test";
import { type Direction, translateInChunks } from "./stream-helpers.ts";
import * as streams from "./upstream-streams.ts";

const request = { model: "m", stream: true, stream_options: { include_usage: true }, input: "x" };

const cases: [string, Direction, string][] = [];
for (const [name, text] of Object.entries(streams)) {
  const upstream = name.startsWith("anthropic") ? "anthropic-messages" : "openai-chat";
  const clients =
    upstream === "anthropic-messages"
      ? ["openai-chat", "openai-responses"]
      : ["anthropic-messages", "openai-responses"];
  for (const client of clients)
    cases.push([`${name} → ${client}`, { upstream, client } as Direction, text]);
}

/** A small seeded generator (mulberry32), so a failure names a chunking that can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCuts(length: number, random: () => number): number[] {
  const count = 1 + Math.floor(random() * 24);
  const cuts = Array.from({ length: count }, () => Math.floor(random() * (length + 1)));
  return cuts.sort((a, b) => a - b);
}

describe.each(cases)("%s", (_name, direction, text) => {
  const length = new TextEncoder().encode(text).length;
  const whole = translateInChunks(direction, text, request);

  test("translates to something", () => {
    expect(whole.length).toBeGreaterThan(100);
  });

  test("split at every byte boundary gives the same output", () => {
    const different: number[] = [];
    for (let cut = 0; cut <= length; cut++) {
      if (translateInChunks(direction, text, request, [cut]) !== whole) different.push(cut);
    }
    expect(different).toEqual([]);
  });

  test("seeded random chunkings and one byte at a time give the same output", () => {
    const random = seeded(length);
    for (let run = 0; run < 40; run++) {
      const cuts = randomCuts(length, random);
      expect({ cuts, out: translateInChunks(direction, text, request, cuts) }).toEqual({
        cuts,
        out: whole,
      });
    }
    const everyByte = Array.from({ length }, (_, i) => i);
    expect(translateInChunks(direction, text, request, everyByte)).toBe(whole);
  });

  test("CRLF line ends read the same as LF", () => {
    const crlf = text.replaceAll("\n", "\r\n");
    const crlfLength = new TextEncoder().encode(crlf).length;
    expect(translateInChunks(direction, crlf, request)).toBe(whole);
    const different: number[] = [];
    for (let cut = 0; cut <= crlfLength; cut++) {
      if (translateInChunks(direction, crlf, request, [cut]) !== whole) different.push(cut);
    }
    expect(different).toEqual([]);
  });
});
