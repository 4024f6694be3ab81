import { expect, test } from "bun:test";
import { streamedTextChars } from "../../../../src/observability/usage/stream-text-scan.ts";

const events = (...deltas: string[]) =>
  new TextEncoder().encode(
    deltas.map((delta) => `data: {"choices":[{"index":0,"delta":${delta}}]}\n\n`).join(""),
  );

test("counts escapes and multi-byte characters as one each", () => {
  // a " b \ c, space, é (escaped), space, an emoji (four UTF-8 bytes), a newline: 10 characters
  const text = `${String.raw`a\"b\\c \u00e9 `}${String.fromCodePoint(0x1f600)}${String.raw`\n`}`;
  const bytes = events(`{"content":"${text}"}`);
  expect(streamedTextChars("openai_chat", bytes)).toBe(10);
});

test("a key inside a string value is text, not another value", () => {
  const bytes = events(
    String.raw`{"content":"say \"content\": \"x\""}`,
    `{"content": "ok"}`,
    `{"tool_calls":[{"function":{"arguments":"{}"}}]}`,
  );
  // say \"content\": \"x\" is 18 characters, then ok and {}
  expect(streamedTextChars("openai_chat", bytes)).toBe(18 + 2 + 2);
});

test("a string cut off by the end of the bytes is not counted", () => {
  const whole = events(`{"content":"done"}`);
  const cut = new TextEncoder().encode(`data: {"choices":[{"delta":{"content":"unfinis`);
  const bytes = new Uint8Array([...whole, ...cut]);
  expect(streamedTextChars("openai_chat", bytes)).toBe(4);
});
