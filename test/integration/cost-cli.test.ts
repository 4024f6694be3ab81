// The cost and budget CLI, run for real: pricing, project and token budgets, budget list, and
// usage with cost. Errors name the bad flag and exit 1.

import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createUsageRepository, openStore, type UsageRecord } from "../../src/store/index.ts";
import { runCli } from "../support/cli.ts";

function configFile(): { path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "llmp-cost-cli-"));
  const path = join(dir, "proxy.yaml");
  writeFileSync(
    path,
    `storage: { path: ./store.db }
providers:
  - { name: vllm, type: openai, base_url: "http://127.0.0.1:9/v1" }
pricing:
  - { model: "my-local-*", provider: vllm, input: 0, output: 0 }
  - { model: "gpt-4o*", input: 2.5, output: 10, cache_read: 1.25 }
`,
  );
  return { path, dir };
}

const json = async (args: string[]) => {
  const result = await runCli(args);
  expect({ args, exitCode: result.exitCode, stderr: result.stderr }).toMatchObject({ exitCode: 0 });
  return JSON.parse(result.stdout);
};

test("pricing lists overrides first with their source, then the built-in table", async () => {
  const { path } = configFile();
  const rows = await json(["pricing", "-c", path, "--json"]);
  expect(rows[0]).toEqual({
    model: "my-local-*",
    provider: "vllm",
    input: 0,
    output: 0,
    cache_read: 0,
    cache_write: 0,
    source: "config",
  });
  const builtIn = rows.filter((row: { source: string }) => row.source === "built-in");
  const providers = new Set(builtIn.map((row: { provider: string }) => row.provider));
  for (const id of ["openai", "anthropic", "google", "mistral", "deepseek"]) {
    expect(providers.has(id)).toBe(true);
  }

  const sonnet = await json(["pricing", "-c", path, "--model", "claude-sonnet-4-5*", "--json"]);
  expect(sonnet.map((row: { provider: string }) => row.provider)).toContain("anthropic");
  // a model name shows the entry that prices it: here the config's glob
  const gpt = await json(["pricing", "-c", path, "--model", "gpt-4o-mini", "--json"]);
  expect(gpt).toContainEqual(expect.objectContaining({ model: "gpt-4o*", source: "config" }));
});

test("project and token budgets, budget list, and errors that name the flag", async () => {
  const { path } = configFile();
  const project = await json([
    "project",
    "create",
    "team",
    "-c",
    path,
    "--budget",
    "25",
    "--period",
    "month",
    "--json",
  ]);
  expect(project).toMatchObject({ name: "team", budget_usd: 25, budget_period: "month" });
  const token = await json([
    "token",
    "create",
    "-c",
    path,
    "--project",
    "team",
    "--budget",
    "5",
    "--period",
    "1d",
    "--json",
  ]);
  const other = await json([
    "token",
    "create",
    "-c",
    path,
    "--project",
    "team",
    "--budget",
    "2",
    "--json",
  ]);

  const budgets = await json(["budget", "list", "-c", path, "--json"]);
  expect(budgets).toHaveLength(3);
  expect(budgets[0]).toMatchObject({
    scope: "project",
    name: "team",
    budget_usd: 25,
    period: "month",
    spent_usd: 0,
    reserved_usd: 0,
  });
  expect(Object.keys(budgets[0]).sort()).toEqual([
    "budget_usd",
    "name",
    "period",
    "reserved_usd",
    "resets_at",
    "scope",
    "spent_usd",
  ]);
  expect(budgets).toContainEqual(
    expect.objectContaining({ scope: "token", name: token.id, period: "1d" }),
  );
  // --budget without --period is a total budget, which never resets
  expect(budgets).toContainEqual(
    expect.objectContaining({ scope: "token", name: other.id, period: "total", resets_at: null }),
  );

  const removed = await json([
    "project",
    "update",
    "team",
    "-c",
    path,
    "--budget",
    "none",
    "--json",
  ]);
  expect(removed).toMatchObject({ budget_usd: null, budget_period: null });
  expect(
    (await json(["budget", "list", "-c", path, "--json"])).map(
      (row: { scope: string }) => row.scope,
    ),
  ).toEqual(["token", "token"]);

  const cases: [string[], string][] = [
    [
      ["project", "update", "team", "--budget", "lots"],
      '--budget: expected a positive amount in USD or "none", got "lots"',
    ],
    [
      ["project", "create", "other", "--budget", "none"],
      "--budget: expected a positive amount in USD",
    ],
    [["project", "update", "team", "--period", "month"], "--period: needs --budget"],
    [
      ["token", "create", "--project", "team", "--budget", "5", "--period", "week"],
      '--period: expected one of 1d, 7d, 30d, month, total, got "week"',
    ],
    [["project", "update", "nobody", "--budget", "5"], 'no project "nobody"'],
  ];
  for (const [args, message] of cases) {
    const result = await runCli([...args, "-c", path]);
    expect({ args, exitCode: result.exitCode, mentions: result.stderr.includes(message) }).toEqual({
      args,
      exitCode: 1,
      mentions: true,
    });
  }
});

test("usage shows cost and unpriced requests per group", async () => {
  const { path, dir } = configFile();
  const store = openStore(join(dir, "store.db"));
  const row = (model: string, cost: number | null): UsageRecord => ({
    at: Date.now(),
    request_id: `req_${model}_${cost}`,
    project: "team",
    token_id: null,
    provider: "vllm",
    model,
    model_served: null,
    status: 200,
    attempts: 1,
    ttfb_ms: 1,
    total_ms: 2,
    input_tokens: 100,
    output_tokens: 10,
    cached_tokens: 0,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    cost_usd: cost,
    estimated: false,
    cache_status: null,
    session_id: null,
    error_class: null,
  });
  await createUsageRepository(store.db).insertBatch([
    row("gpt-4o", 0.25),
    row("gpt-4o", 0.5),
    row("mystery", null),
  ]);
  store.close();

  const byModel = await json(["usage", "-c", path, "--by", "model", "--json"]);
  expect(byModel).toEqual([
    {
      model: "gpt-4o",
      requests: 2,
      input_tokens: 200,
      output_tokens: 20,
      errors: 0,
      cost_usd: 0.75,
      unpriced_requests: 0,
    },
    {
      model: "mystery",
      requests: 1,
      input_tokens: 100,
      output_tokens: 10,
      errors: 0,
      cost_usd: null,
      unpriced_requests: 1,
    },
  ]);
  const text = await runCli(["usage", "-c", path, "--by", "project"]);
  expect(text.stdout).toContain("cost=$0.7500  unpriced=1");
});
