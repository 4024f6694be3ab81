import { expect, test } from "bun:test";
import { createErrorEventRedactor } from "../../../src/upstream/error-event-redactor.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (chunk: Uint8Array | null) => (chunk ? new TextDecoder().decode(chunk) : null);
const redact = (value: string) => value.replaceAll("sk-secret", "[redacted]");

test("an error event with CRLF line endings passes once it is whole, redacted", () => {
  const redactor = createErrorEventRedactor(redact);
  expect(text(redactor.push(bytes('event: error\r\ndata: {"error":"bad sk-se')))).toBeNull();
  expect(text(redactor.push(bytes('cret"}\r\n\r\ndata: {"next":1}\r\n\r\n')))).toBe(
    'event: error\r\ndata: {"error":"bad [redacted]"}\r\n\r\ndata: {"next":1}\r\n\r\n',
  );
  expect(redactor.flush()).toBeNull();
});

test("an event that never ends is let through past 64 KB instead of held to the end", () => {
  const redactor = createErrorEventRedactor(redact);
  expect(redactor.push(bytes('data: {"error":"'))).toBeNull();
  const big = "x".repeat(70 * 1024);
  expect(text(redactor.push(bytes(big)))).toBe(`data: {"error":"${big}`);
});
