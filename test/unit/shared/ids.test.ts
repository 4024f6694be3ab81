import { expect, test } from "bun:test";
import { isValidRequestId, newRequestId, randomBase64url } from "../../../src/shared/index.ts";

test("random ids are base64url of the asked length, and differ across pool refills", () => {
  // 12 bytes each: 2,000 of them pass the 4 KB pool's end several times
  const ids = Array.from({ length: 2000 }, () => randomBase64url(12));
  for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
  expect(new Set(ids).size).toBe(ids.length);
  expect(randomBase64url(9)).toHaveLength(12);
});

test("a minted request id is one the proxy would keep if a client sent it", () => {
  const id = newRequestId();
  expect(id.startsWith("req_")).toBe(true);
  expect(isValidRequestId(id)).toBe(true);
  expect(isValidRequestId("bad id with spaces")).toBe(false);
});
