import { expect, test } from "bun:test";
import { messageOf, ProxyError } from "../../../src/shared/index.ts";

test.each([
  [new Error("disk full"), "disk full"],
  [new ProxyError("internal_error", "store closed"), "store closed"],
  ["a thrown string", "a thrown string"],
  [42, "42"],
  [undefined, "undefined"],
] as const)("messageOf(%p) is %p", (thrown, message) => {
  expect(messageOf(thrown)).toBe(message);
});
