// A duration too long to be a date or a timer is refused where it is parsed, naming the flag or
// field and the maximum, and nothing is written: huge --expires values once left token rows that
// no listing could show ("Invalid Date").

import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../src/store/index.ts";
import { runCli } from "../support/cli.ts";
import { startProxy } from "../support/make-app.ts";
import { readError } from "../support/read-json.ts";

const huge = "99999999999999d";
const adminKey = "duration-bounds-admin-key";

function configFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "llmp-durations-"));
  const path = join(dir, "proxy.yaml");
  writeFileSync(path, "storage: { path: ./store.db }\nproviders:\n  - { name: m, type: mock }\n");
  return path;
}

test("token create --expires past the maximum exits 1 naming the flag and writes no row", async () => {
  const config = configFile();
  const refused = await runCli([
    "token",
    "create",
    "-c",
    config,
    "--project",
    "p",
    "--expires",
    huge,
  ]);
  expect(refused.exitCode).toBe(1);
  expect(refused.stderr).toContain("--expires");
  expect(refused.stderr).toContain("36500d");
  expect(refused.stdout).toBe("");

  const listed = await runCli(["token", "list", "-c", config, "--json"]);
  expect(listed.exitCode).toBe(0);
  expect(JSON.parse(listed.stdout)).toEqual([]);
});

test.each([
  [["usage", "--since", huge]],
  [["trace", "list", "--since", huge]],
  [["trace", "export", "--since", huge]],
])("%p exits 1 naming --since and the maximum", async (args) => {
  const result = await runCli([...args, "-c", configFile()]);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain("--since");
  expect(result.stderr).toContain("36500d");
});

test("POST /admin/tokens with a huge expires answers 400 and every listing still works", async () => {
  const store = openStore(":memory:");
  await using proxy = startProxy(
    { auth: { mode: "tokens", admin_key: adminKey }, providers: [{ name: "m", type: "mock" }] },
    { store },
  );
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${proxy.origin}/admin${path}`, {
      ...init,
      headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    });
  expect((await admin("/projects", { method: "POST", body: '{"name":"p"}' })).status).toBe(201);
  for (const expires of [huge, `${"9".repeat(400)}d`]) {
    const res = await admin("/tokens", {
      method: "POST",
      body: JSON.stringify({ project: "p", expires }),
    });
    expect(res.status).toBe(400);
    expect((await readError(res)).message).toStartWith("expires: ");
  }
  const refused = await admin("/tokens", {
    method: "POST",
    body: JSON.stringify({ project: "p", expires: huge }),
  });
  expect((await readError(refused)).message).toContain("at most 36500d");
  const tokens = await admin("/tokens");
  expect(tokens.status).toBe(200);
  expect(await tokens.json()).toEqual({ tokens: [] });
  expect((await admin("/projects/p")).status).toBe(200);
  store.close();
});
