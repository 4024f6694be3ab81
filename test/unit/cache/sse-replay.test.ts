import { expect, test } from "bun:test";
import { isCompleteStream, splitSseEvents } from "../../../src/cache/index.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

test("splits at blank lines, LF or CRLF, and the pieces join back to the input", () => {
  const text = "data: a\n\nevent: x\r\ndata: b\r\n\r\ndata: [DONE]\n\ntrailing";
  const events = splitSseEvents(encoder.encode(text)).map((event) => decoder.decode(event));
  expect(events).toEqual([
    "data: a\n\n",
    "event: x\r\ndata: b\r\n\r\n",
    "data: [DONE]\n\n",
    "trailing",
  ]);
  expect(events.join("")).toBe(text);
});

test("a stream is complete only with its terminal event", () => {
  expect(isCompleteStream(encoder.encode("data: {}\n\ndata: [DONE]\n\n"))).toBe(true);
  expect(
    isCompleteStream(encoder.encode('event: message_stop\ndata: {"type":"message_stop"}\n\n')),
  ).toBe(true);
  expect(isCompleteStream(encoder.encode("data: {}\n\n"))).toBe(false);
  expect(isCompleteStream(encoder.encode('data: {"type":"message_delta"}\n\n'))).toBe(false);
  expect(isCompleteStream(encoder.encode("data: [DONE]\n\nevent: error\ndata: {}\n\n"))).toBe(
    false,
  );
});
