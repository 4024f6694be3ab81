// Migration 6 and the budget repository, on sqlite and on Postgres.

import { describe, expect, test } from "bun:test";
import { schemaVersion } from "../../../src/store/index.ts";
import { managementOf } from "../../support/management.ts";
import { engines, useStores } from "../../support/stores.ts";

const stores = useStores();

describe.each(engines)("%s", (engine) => {
  test("existing projects and tokens have no budget after migration 6", async () => {
    await using fresh = await stores.fresh(engine);
    const { projects, budgets } = fresh.repositories;
    expect(schemaVersion).toBeGreaterThanOrEqual(6);
    const project = await projects.create("old", 1);
    expect(project.budget).toBeNull();
    expect(await budgets.listBudgeted()).toEqual([]);
  });

  test("spend adds up per scope and period; revoked tokens leave the budget list", async () => {
    await using fresh = await stores.fresh(engine);
    const { budgets } = fresh.repositories;
    const management = managementOf(fresh.store, () => 1_000);
    const project = await management.createProject("team", {
      budget: { usd: 9, period: "month" },
    });
    const { token } = await management.createToken({ project: "team", budget: { usd: 2 } });
    const spend = { scope: "project" as const, id: project.id };
    await budgets.addSpends([{ ...spend, start: 0, usd: 0.5, at: 2_000 }]);
    await budgets.addSpends([
      { ...spend, start: 0, usd: 0.25, at: 3_000 },
      { ...spend, start: 86_400_000, usd: 1, at: 4_000 },
    ]);
    expect(await budgets.spent("project", project.id, 0)).toBe(0.75);
    expect(await budgets.spent("token", token.id, 0)).toBe(0);
    expect((await budgets.listBudgeted()).map(({ scope, name }) => [scope, name])).toEqual([
      ["project", "team"],
      ["token", token.id],
    ]);
    await management.revokeToken(token.id);
    expect((await budgets.listBudgeted()).map(({ scope }) => scope)).toEqual(["project"]);
  });
});
