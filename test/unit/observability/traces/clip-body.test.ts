import { describe, expect, test } from "bun:test";
import { clipBody } from "../../../../src/observability/traces/index.ts";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("clipBody", () => {
  test("keeps a body within the limit whole", () => {
    expect(clipBody("hello", 5)).toEqual({ text: "hello", truncated: false });
    expect(clipBody(utf8("héllo"), 6)).toEqual({ text: "héllo", truncated: false });
  });

  test("cuts ASCII at exactly the limit", () => {
    expect(clipBody("hello world", 5)).toEqual({ text: "hello", truncated: true });
  });

  // "a" (1 byte) then "é" (2), "世" (3), "😀" (4 bytes)
  test.each([
    [1, "a"],
    [2, "a"],
    [3, "aé"],
    [4, "aé"],
    [5, "aé"],
    [6, "aé世"],
    [7, "aé世"],
    [8, "aé世"],
    [9, "aé世"],
  ])("never splits a character when cut at %i bytes", (maxBytes, expected) => {
    for (const input of ["aé世😀!", utf8("aé世😀!")]) {
      const clipped = clipBody(input, maxBytes);
      expect(clipped).toEqual({ text: expected, truncated: true });
      expect(utf8(clipped.text).length).toBeLessThanOrEqual(maxBytes);
    }
  });

  test("keeps a 4-byte character when the limit falls right after it", () => {
    expect(clipBody("aé世😀!", 10)).toEqual({ text: "aé世😀", truncated: true });
    expect(clipBody("aé世😀!", 11)).toEqual({ text: "aé世😀!", truncated: false });
  });

  test("a zero limit keeps nothing", () => {
    expect(clipBody("x", 0)).toEqual({ text: "", truncated: true });
    expect(clipBody("", 0)).toEqual({ text: "", truncated: false });
  });

  test("counts bytes, not characters, for strings", () => {
    const text = "世".repeat(10);
    const clipped = clipBody(text, 10);
    expect(clipped).toEqual({ text: "世".repeat(3), truncated: true });
  });
});
