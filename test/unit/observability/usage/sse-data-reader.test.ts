import { expect, test } from "bun:test";
import { createSseDataReader } from "../../../../src/observability/usage/sse-data-reader.ts";
import { chunkings, utf8 } from "./sse-chunks.ts";

function readData(chunks: Uint8Array[], maxEventBytes = 1024): string[] {
  const data: string[] = [];
  const reader = createSseDataReader({ maxEventBytes, onData: (value) => data.push(value) });
  for (const chunk of chunks) reader.push(chunk);
  reader.end();
  return data;
}

test("yields each event's data exactly, however the bytes are chunked", () => {
  const text = [
    "event: a\ndata: first 世界 👋\n\n",
    ": comment\n\n",
    "data:no-space\r\n\r\n",
    "data:  two spaces\r\rdata: x\n",
    "data: y\n\n",
    "data: last, unterminated",
  ].join("");
  const expected = ["first 世界 👋", "no-space", " two spaces", "x\ny", "last, unterminated"];
  for (const [way, chunks] of chunkings(utf8(text))) {
    expect({ way, data: readData(chunks) }).toEqual({ way, data: expected });
  }
});

test("joins multi-line data with LF, so JSON split over lines still parses", () => {
  const data = readData([utf8('data: {"a":\ndata: 1}\n\n')]);
  expect(data).toEqual(['{"a":\n1}']);
  expect(JSON.parse(data[0] ?? "")).toEqual({ a: 1 });
});

test("drops an event whose line is longer than the limit and reads the next", () => {
  const long = `data: ${"x".repeat(100)}\n\n`;
  for (const [way, chunks] of chunkings(utf8(`${long}data: short\n\n${long}`))) {
    expect({ way, data: readData(chunks, 50) }).toEqual({ way, data: ["short"] });
  }
});

test("drops an event whose data lines together pass the limit", () => {
  const line = `data: ${"x".repeat(30)}\n`;
  expect(readData([utf8(`${line}${line}\ndata: ok\n\n`)], 50)).toEqual(["ok"]);
});

test("a blank line without data dispatches nothing", () => {
  expect(readData([utf8("\n\n\r\n\revent: x\n\n")])).toEqual([]);
});
