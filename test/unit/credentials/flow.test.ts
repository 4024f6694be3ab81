import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt, jwtVerify } from "jose";
import { CredentialConfigError } from "../../../src/credentials/index.ts";
import { bearerOf, lease, poolFor } from "./pool-for.ts";

const entry = (name: string, secret: string) => ({
  name,
  agent: "simple_agent",
  appToAccess: "llm-api",
  clientId: `id-${name}`,
  clientSecret: secret,
  tenant: `tenant-${name}`,
});

const secrets = [
  entry("config1", "secret-one-0123456789abcdef"),
  entry("config2", "secret-two-0123456789abcdef"),
];

function secretsFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), "llmp-flow-")), "secrets.json");
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("flow credentials", () => {
  test("signs an HS256 JWT per entry with its clientSecret, carrying the upstream's fields", async () => {
    const { pool, clock } = await poolFor({
      auth: { type: "flow", secrets_file: secretsFile(secrets), ttl: "10m" },
    });
    const first = await lease(pool);
    const second = await lease(pool);
    expect([first.name, second.name]).toEqual(["config1", "config2"]);

    const key = new TextEncoder().encode("secret-one-0123456789abcdef");
    const { payload, protectedHeader } = await jwtVerify(bearerOf(first), key, {
      currentDate: new Date(clock.now()),
    });
    expect(protectedHeader.alg).toBe("HS256");
    expect(payload).toMatchObject({
      clientId: "id-config1",
      clientSecret: "secret-one-0123456789abcdef",
      tenant: "tenant-config1",
      agent: "simple_agent",
      appToAccess: "llm-api",
      iat: Math.floor(clock.now() / 1000),
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(600);
    const otherKey = new TextEncoder().encode("secret-two-0123456789abcdef");
    expect(decodeJwt(bearerOf(second)).clientId).toBe("id-config2");
    await jwtVerify(bearerOf(second), otherKey, { currentDate: new Date(clock.now()) });
  });

  test("reuses the signed token and re-signs it when it is about to expire", async () => {
    const { pool, clock } = await poolFor({
      auth: { type: "flow", credentials: [secrets[0]], ttl: "1h" },
    });
    const token = bearerOf(await lease(pool));
    clock.advance(30 * 60_000);
    expect(bearerOf(await lease(pool))).toBe(token);
    // Re-signed once less than 60 s of the hour remains.
    clock.advance(29 * 60_000 - 1);
    expect(bearerOf(await lease(pool))).toBe(token);
    clock.advance(1);
    const renewed = bearerOf(await lease(pool));
    expect(renewed).not.toBe(token);
    expect(decodeJwt(renewed).exp).toBe(Math.floor(clock.now() / 1000) + 3600);
    expect(bearerOf(await lease(pool))).toBe(renewed);
  });

  test("benches an entry the upstream refused, and signs afresh after reset", async () => {
    const { pool, clock } = await poolFor({
      auth: { type: "flow", credentials: secrets },
    });
    const refused = await lease(pool);
    const token = bearerOf(refused);
    refused.report({ kind: "auth_failed" });
    expect((await lease(pool)).name).toBe("config2");
    expect((await lease(pool)).name).toBe("config2");
    pool.reset();
    clock.advance(1_000);
    const again = await lease(pool);
    expect(again.name).toBe("config1");
    expect(bearerOf(again)).not.toBe(token);
  });

  test.each([
    ["a missing file", undefined, "file not found"],
    ["a file that is not JSON", "[{ not json", "not valid JSON"],
    ["a JSON object instead of an array", { name: "x" }, "expected a JSON array"],
    ["an empty array", [], "the array is empty"],
    [
      "an entry without clientSecret",
      [secrets[0], { ...secrets[1], clientSecret: undefined }],
      'entry 1 ("config2"): clientSecret: expected a non-empty string',
    ],
    [
      "an entry with an empty tenant",
      [{ ...secrets[0], tenant: "" }],
      'entry 0 ("config1"): tenant: expected a non-empty string',
    ],
    ["an entry that is not an object", [secrets[0], "config2"], "entry 1: expected an object"],
    [
      "an entry with an unknown key",
      [{ ...secrets[0], region: "eu" }],
      'entry 0 ("config1"): unknown key "region"',
    ],
    [
      "two entries with the same name",
      [secrets[0], secrets[0]],
      'entry 1 ("config1"): name: duplicate of entry 0',
    ],
  ])("rejects %s with a message naming the file and the problem", async (_, content, problem) => {
    const path =
      content === undefined
        ? join(mkdtempSync(join(tmpdir(), "llmp-flow-")), "missing.json")
        : secretsFile(content);
    const error = await poolFor({ auth: { type: "flow", secrets_file: path } }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CredentialConfigError);
    const message = (error as Error).message;
    expect(message).toStartWith(`providers[p] auth.secrets_file ${path}: `);
    expect(message).toContain(problem);
    expect(message).not.toContain("secret-one");
    expect(message).not.toContain("secret-two");
  });
});
