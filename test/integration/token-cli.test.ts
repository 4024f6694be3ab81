// The token and project CLI against a store shared with a running server: concurrent writes,
// revocation reaching the server, the first-run token, and a SIGKILL under load.

import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashClientToken } from "../../src/auth/index.ts";
import { createTokenRepository, openStore } from "../../src/store/index.ts";
import { runCli, startServe } from "../support/cli.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";

function configFile(upstreamUrl: string): { path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "llmp-token-cli-"));
  const path = join(dir, "proxy.yaml");
  writeFileSync(
    path,
    `auth: { mode: tokens }
storage: { path: ./store.db }
providers:
  - { name: up, type: openai, base_url: "${upstreamUrl}", api_key: sk-up }
`,
  );
  return { path, dir };
}

async function createToken(config: string, ...extra: string[]) {
  const result = await runCli([
    "token",
    "create",
    "-c",
    config,
    "--project",
    "p",
    "--json",
    ...extra,
  ]);
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout) as { id: string; token: string; project: string };
}

const ask = (origin: string, token: string) =>
  fetch(`${origin}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
  });

test("token and project commands: create prints the secret once, list never does, --json shapes", async () => {
  await using upstream = startMockUpstream();
  const { path } = configFile(upstream.url);

  const plain = await runCli(["token", "create", "-c", path, "--project", "team", "--name", "ci"]);
  expect(plain.exitCode).toBe(0);
  expect(plain.stderr).toContain('created project "team"');
  const secret = plain.stdout.trim().split("\n").at(-1) as string;
  expect(secret).toMatch(/^sk-llmp-[A-Za-z0-9_-]{43}$/);

  const created = await createToken(path, "--expires", "30d", "--models", "gpt-*,claude-*");
  expect(Object.keys(created).sort()).toEqual(["expires_at", "id", "name", "project", "token"]);

  const list = await runCli(["token", "list", "-c", path, "--json"]);
  const tokens = JSON.parse(list.stdout) as { id: string; prefix: string; project: string }[];
  expect(tokens.map((token) => token.project).sort()).toEqual(["p", "team"]);
  expect(Object.keys(tokens[0] ?? {})).toEqual([
    "id",
    "prefix",
    "project",
    "name",
    "created_at",
    "expires_at",
    "revoked_at",
    "last_used_at",
    "request_count",
  ]);
  expect(list.stdout).not.toContain(secret);
  expect(list.stdout).not.toContain(created.token);

  const refused = await runCli(["project", "delete", "-c", path, "team"]);
  expect(refused.exitCode).toBe(1);
  expect(refused.stderr).toContain("still has 1 token(s)");
  expect((await runCli(["project", "disable", "-c", path, "team"])).exitCode).toBe(0);
  const projects = JSON.parse((await runCli(["project", "list", "-c", path, "--json"])).stdout);
  expect(projects).toContainEqual(
    expect.objectContaining({ name: "team", active: false, tokens: 1 }),
  );
  const deleted = await runCli(["project", "delete", "-c", path, "team", "--force", "--json"]);
  expect(JSON.parse(deleted.stdout)).toEqual({ deleted: "team", tokens_deleted: 1 });

  const unknown = await runCli(["token", "revoke", "-c", path, "tok_nope"]);
  expect(unknown.exitCode).toBe(1);
  expect(unknown.stderr).toContain('no token "tok_nope"');
  const badFlag = await runCli(["token", "create", "-c", path, "--project", "p", "--rpm", "fast"]);
  expect(badFlag.exitCode).toBe(1);
  expect(badFlag.stderr).toContain("--rpm");
});

test("first run prints one token once; CLI writes while serving; a revoke lands within 5 s", async () => {
  await using upstream = startMockUpstream();
  const { path } = configFile(upstream.url);
  const first = await startServe(["-c", path]);
  const printed = /\n\s+(sk-llmp-[A-Za-z0-9_-]{43})\n/.exec(
    await first.waitForStderr(/More tokens/),
  );
  const bootstrap = printed?.[1] as string;
  expect(bootstrap).toBeDefined();
  expect((await ask(first.origin, bootstrap)).status).toBe(200);

  // several CLI processes write while the server serves traffic
  const traffic = Promise.all(Array.from({ length: 40 }, () => ask(first.origin, bootstrap)));
  const created = await Promise.all(Array.from({ length: 6 }, () => createToken(path)));
  expect((await traffic).every((response) => response.status === 200)).toBe(true);
  for (const token of created) expect((await ask(first.origin, token.token)).status).toBe(200);

  const revokedAt = performance.now();
  expect((await runCli(["token", "revoke", "-c", path, created[0]?.id as string])).exitCode).toBe(
    0,
  );
  let status = 200;
  while (status === 200 && performance.now() - revokedAt < 5_000) {
    // the server re-reads a token at most 2 s after caching it; ask until it has
    status = (await ask(first.origin, created[0]?.token as string)).status;
    if (status === 200) await Bun.sleep(100);
  }
  expect(status).toBe(401);
  expect(performance.now() - revokedAt).toBeLessThan(5_000);
  first.signal("SIGTERM");
  expect(await first.exited).toBe(0);

  const second = await startServe(["-c", path]);
  second.signal("SIGTERM");
  await second.exited;
  expect(second.stderr()).not.toContain("First run");
});

test("a SIGKILL under load leaves a store that reopens with every token valid", async () => {
  await using upstream = startMockUpstream();
  const { path, dir } = configFile(upstream.url);
  const tokens = await Promise.all(Array.from({ length: 5 }, () => createToken(path)));
  const server = await startServe(["-c", path]);
  let stop = false;
  const load = (async () => {
    let sent = 0;
    while (!stop) {
      await Promise.all(tokens.map((token) => ask(server.origin, token.token).catch(() => null)));
      sent++;
    }
    return sent;
  })();
  const moreTokens = await Promise.all(Array.from({ length: 3 }, () => createToken(path)));
  await upstream.waitForRequests(50);
  server.signal("SIGKILL");
  stop = true;
  await server.exited;
  expect(await load).toBeGreaterThan(0);

  const store = openStore(join(dir, "store.db"));
  try {
    const check = store.db.query<{ integrity_check: string }, []>("pragma integrity_check").get();
    expect(check?.integrity_check).toBe("ok");
    const repository = createTokenRepository(store.db);
    for (const token of [...tokens, ...moreTokens]) {
      const row = await repository.findByHash(hashClientToken(token.token));
      expect(row).toMatchObject({ id: token.id, revoked_at: null });
    }
  } finally {
    store.close();
  }
  const restarted = await startServe(["-c", path]);
  for (const token of [...tokens, ...moreTokens]) {
    expect((await ask(restarted.origin, token.token)).status).toBe(200);
  }
  restarted.signal("SIGTERM");
  await restarted.exited;
});
