import { expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { generateClientToken, hashClientToken } from "../../../src/auth/token-secret.ts";

test("a token's hash is the hex SHA-256 of its secret, as stores written by earlier versions hold it", () => {
  const { secret, hash } = generateClientToken();
  expect(hash).toBe(createHash("sha256").update(secret).digest("hex"));
  // a fixed vector: SHA-256 of "abc"
  expect(hashClientToken("abc")).toBe(
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});
