import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt, exportPKCS8, generateKeyPair, jwtVerify } from "jose";
import { CredentialConfigError } from "../../../src/credentials/index.ts";
import { headersOf, lease, poolFor } from "./pool-for.ts";

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "llmp-jwt-")), name);
  writeFileSync(path, content);
  return path;
}

describe("generic JWT credentials", () => {
  test.each(["RS256", "ES256"] as const)(
    "signs %s with the PEM private key, verifiable with the public key",
    async (algorithm) => {
      const { publicKey, privateKey } = await generateKeyPair(algorithm, { extractable: true });
      const keyFile = tempFile("key.pem", await exportPKCS8(privateKey));
      const { pool, clock } = await poolFor({
        auth: {
          type: "jwt",
          algorithm,
          private_key_file: keyFile,
          claims: { sub: "llm-proxy", aud: "upstream" },
          ttl: "10m",
        },
      });
      const acquired = await lease(pool);
      expect(acquired.name).toBe("jwt");
      const header = headersOf(acquired).get("authorization") ?? "";
      expect(header).toStartWith("Bearer ");
      const { payload, protectedHeader } = await jwtVerify(header.slice(7), publicKey, {
        audience: "upstream",
        currentDate: new Date(clock.now()),
      });
      expect(protectedHeader.alg).toBe(algorithm);
      expect(payload).toMatchObject({ sub: "llm-proxy", iat: Math.floor(clock.now() / 1000) });
      expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(600);
    },
  );

  test("signs HS256 with the secret and honours a custom header without a scheme", async () => {
    const { pool, clock } = await poolFor({
      auth: {
        type: "jwt",
        secret: "hs-secret-0123456789abcdef0123456789",
        claims: { iss: "proxy" },
        header: "x-upstream-token",
        scheme: "",
      },
    });
    const headers = headersOf(await lease(pool));
    expect(headers.get("authorization")).toBeNull();
    const token = headers.get("x-upstream-token") ?? "";
    const key = new TextEncoder().encode("hs-secret-0123456789abcdef0123456789");
    const { payload } = await jwtVerify(token, key, {
      issuer: "proxy",
      currentDate: new Date(clock.now()),
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
  });

  test("caches the token, re-signs near expiry, and re-signs instead of benching after a 401", async () => {
    const { pool, clock } = await poolFor({
      auth: { type: "jwt", secret: "hs-secret-0123456789abcdef0123456789", ttl: "5m" },
    });
    const token = headersOf(await lease(pool)).get("authorization");
    // 10% of 5 minutes (30 s) is less than 60 s, so the refresh margin is 30 s.
    clock.advance(269_000);
    expect(headersOf(await lease(pool)).get("authorization")).toBe(token);
    clock.advance(1_000);
    const refused = await lease(pool);
    const renewed = headersOf(refused).get("authorization");
    expect(renewed).not.toBe(token);

    clock.advance(1_000);
    refused.report({ kind: "auth_failed" });
    expect(pool.hasUsable()).toBe(true);
    const after = await lease(pool);
    expect(headersOf(after).get("authorization")).not.toBe(renewed);
    expect(pool.snapshot()).toEqual([
      { name: "jwt", state: "ok", requests: 4, failures: 1, cooling_down_until: null },
    ]);
    expect(decodeJwt((headersOf(after).get("authorization") ?? "").slice(7)).iat).toBe(
      Math.floor(clock.now() / 1000),
    );
  });

  test.each([
    ["a missing key file", undefined, "file not found"],
    ["a file that is not a PEM key", "not a key", "not a PEM PKCS#8 private key"],
  ])("rejects %s at startup, naming the file", async (_, content, problem) => {
    const path =
      content === undefined
        ? join(mkdtempSync(join(tmpdir(), "llmp-jwt-")), "missing.pem")
        : tempFile("key.pem", content);
    const error = await poolFor({
      auth: { type: "jwt", algorithm: "RS256", private_key_file: path },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialConfigError);
    const message = (error as Error).message;
    expect(message).toStartWith(`providers[p] auth.private_key_file ${path}: `);
    expect(message).toContain(problem);
  });
});
