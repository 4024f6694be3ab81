// Every CLI command against a Postgres store (storage.url), and `serve` on it: the first-run
// token, a proxied request whose usage and trace land in Postgres, and the errors that name
// storage.url when Postgres cannot be reached.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, startServe } from "../support/cli.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";
import { type PostgresServer, startPostgres } from "../support/postgres-server.ts";

let postgres: PostgresServer;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(() => postgres[Symbol.asyncDispose]());

function configFile(storage: string, upstreamUrl = "http://127.0.0.1:9/v1"): string {
  const path = join(mkdtempSync(join(tmpdir(), "llmp-pg-cli-")), "proxy.yaml");
  writeFileSync(
    path,
    `auth: { mode: tokens }
storage: ${storage}
cache: { enabled: true, backend: memory }
routing: { health_check: { enabled: false } }
logging: { level: warn }
providers:
  - { name: up, type: openai, base_url: "${upstreamUrl}", api_key: sk-up }
`,
  );
  return path;
}

async function json<T>(args: string[]): Promise<T> {
  const result = await runCli(args);
  expect({ args, exitCode: result.exitCode, stderr: result.stderr }).toMatchObject({
    exitCode: 0,
  });
  return JSON.parse(result.stdout) as T;
}

test("project, token, budget, usage and trace commands work against Postgres", async () => {
  const c = ["-c", configFile(`{ url: "${await postgres.createDatabase()}" }`)];
  const project = await json<{ name: string }>(["project", "create", "team", ...c, "--json"]);
  expect(project.name).toBe("team");
  await json(["project", "update", "team", "--budget", "25", "--period", "month", ...c, "--json"]);
  const token = await json<{ id: string; token: string }>([
    ...["token", "create", "--project", "team", "--rpm", "5", "--budget", "2", ...c, "--json"],
  ]);
  expect(token.token).toMatch(/^sk-llmp-/);
  const listed = await json<{ id: string; project: string }[]>(["token", "list", ...c, "--json"]);
  expect(listed.map(({ id, project }) => [id, project])).toEqual([[token.id, "team"]]);
  const budgets = await json<{ scope: string }[]>(["budget", "list", ...c, "--json"]);
  expect(budgets.map((budget) => budget.scope)).toEqual(["project", "token"]);
  expect(await json(["project", "disable", "team", ...c, "--json"])).toMatchObject({
    active: false,
  });
  expect(await json(["project", "list", ...c, "--json"])).toMatchObject([
    { name: "team", active: false, tokens: 1 },
  ]);
  expect(await json(["token", "revoke", token.id, ...c, "--json"])).toMatchObject({
    id: token.id,
  });
  expect(await json(["usage", "--by", "token", ...c, "--json"])).toEqual([]);
  expect(await json(["trace", "list", ...c, "--json"])).toEqual([]);
  const deleted = await json(["project", "delete", "team", "--force", ...c, "--json"]);
  expect(deleted).toEqual({ deleted: "team", tokens_deleted: 1 });
  expect((await runCli(["config", "validate", ...c])).exitCode).toBe(0);
});

test("serve on Postgres: the first-run token works, usage and the trace land in Postgres", async () => {
  await using upstream = startMockUpstream();
  const c = ["-c", configFile(`{ url: "${await postgres.createDatabase()}" }`, upstream.url)];
  await using server = await startServe([...c, "--log-level", "info"]);
  const secret = /sk-llmp-[A-Za-z0-9_-]{43}/.exec(server.stderr())?.[0] ?? "";
  const answer = await fetch(`${server.origin}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}` },
    body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
  });
  expect(answer.status).toBe(200);
  server.signal("SIGTERM");
  expect(await server.exited).toBe(0);
  const usage = await json<{ project: string; requests: number }[]>(["usage", ...c, "--json"]);
  expect(usage).toMatchObject([{ project: "default", requests: 1 }]);
  const [trace] = await json<{ id: string; status: number }[]>(["trace", "list", ...c, "--json"]);
  expect(trace?.status).toBe(200);
  const shown = await json<{ request_body: string }>(["trace", "show", trace?.id ?? "", ...c]);
  expect(shown.request_body).toContain("hi");
});

test("an unreachable storage.url is named by config validate (exit 1) and by serve (exit 2)", async () => {
  const c = ["-c", configFile(`{ url: "postgres://app:secret-pw@127.0.0.1:9/none" }`)];
  const validate = await runCli(["config", "validate", ...c]);
  expect(validate.exitCode).toBe(1);
  expect(validate.stderr).toContain("storage.url");
  expect(validate.stderr).not.toContain("secret-pw");
  const serve = await runCli(["serve", "--port", "0", ...c]);
  expect(serve.exitCode).toBe(2);
  expect(serve.stderr).toContain("(storage.url)");
  expect(serve.stderr).not.toContain("secret-pw");
});

test("cache.backend sqlite with storage.url is a config error", async () => {
  const path = configFile(`{ url: "postgres://app@127.0.0.1:9/none" }`);
  writeFileSync(path, (await Bun.file(path).text()).replace("backend: memory", "backend: sqlite"));
  const validate = await runCli(["config", "validate", "-c", path]);
  expect(validate.exitCode).toBe(1);
  expect(validate.stderr).toContain("cache.backend");
});
