// The incremental SSE parser under every stream translator.

import { expect, test } from "bun:test";
import { createSseDecoder } from "../../../src/translate/sse-decoder.ts";

const encode = (text: string) => new TextEncoder().encode(text);

test("reads event names, joins data lines, skips comments and events without data", () => {
  const decoder = createSseDecoder();
  const events = decoder.push(
    encode(": ping\n\nevent: a\ndata: one\ndata: two\n\nevent: empty\n\ndata:no-space\n\n"),
  );
  expect(events).toEqual([
    { name: "a", data: "one\ntwo" },
    { name: undefined, data: "no-space" },
  ]);
});

test("takes \\r and \\r\\n line ends, a byte-order mark, and a \\r\\n split across chunks", () => {
  const decoder = createSseDecoder();
  const first = decoder.push(encode("\uFEFFevent: x\rdata: 1\r\r"));
  const second = decoder.push(encode("data: 2\r"));
  const third = decoder.push(encode("\n\r\n"));
  // a trailing \r could still become \r\n: the blank line it ends is known only with the next byte
  expect([first, second, third]).toEqual([
    [],
    [{ name: "x", data: "1" }],
    [{ name: undefined, data: "2" }],
  ]);
});

test("a multi-byte character split across chunks is decoded whole", () => {
  const bytes = encode("data: ☀️\n\n");
  const decoder = createSseDecoder();
  expect(decoder.push(bytes.subarray(0, 8))).toEqual([]);
  expect(decoder.push(bytes.subarray(8))).toEqual([{ name: undefined, data: "☀️" }]);
});

test("at the end, an event missing only its blank line still counts", () => {
  const decoder = createSseDecoder();
  expect(decoder.push(encode("data: [DONE]"))).toEqual([]);
  expect(decoder.flush()).toEqual([{ name: undefined, data: "[DONE]" }]);
});

test.each([
  ["\\n", "\n"],
  ["\\r\\n", "\r\n"],
])("a long line with %s line ends, fed in small chunks, is read in linear time", (_name, end) => {
  const megabytes = 8;
  const bytes = encode(`event: big${end}data: ${"x".repeat(megabytes << 20)}${end}${end}`);
  const decoder = createSseDecoder();
  const started = performance.now();
  const events = [];
  for (let i = 0; i < bytes.length; i += 1024)
    events.push(...decoder.push(bytes.subarray(i, i + 1024)));
  events.push(...decoder.flush());
  // read again from the start on every chunk, 8 MB in 1 KB chunks took seconds
  expect(performance.now() - started).toBeLessThan(500);
  expect(events).toHaveLength(1);
  expect(events[0]?.data).toHaveLength(megabytes << 20);
});
