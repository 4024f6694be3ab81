// The project repository on sqlite and on Postgres: ensure is atomic across connections, delete
// takes the project's tokens with it only when asked.

import { describe, expect, test } from "bun:test";
import { createRepositories, type Store } from "../../../src/store/index.ts";
import { managementOf } from "../../support/management.ts";
import { engines, useStores } from "../../support/stores.ts";

const stores = useStores();

describe.each(engines)("%s", (engine) => {
  test("ensure creates a project once; a second connection racing for it gets the same row", async () => {
    await using fresh = await stores.fresh(engine);
    const a = fresh.repositories.projects;
    const b = createRepositories(await fresh.reopen()).projects;
    // b has already looked the name up, as a racing CLI would have
    expect(await b.find("team")).toBeUndefined();
    const [made, raced] = await Promise.all([a.ensure("team", 1), b.ensure("team", 2)]);
    expect([made.created, raced.created].sort()).toEqual([false, true]);
    expect(raced.project).toEqual(made.project);
    expect(await a.list()).toHaveLength(1);
  });

  test("find by name or id, list by name, disable, count and delete with tokens", async () => {
    await using fresh = await stores.fresh(engine);
    const { projects, tokens } = fresh.repositories;
    const management = managementOf(fresh.store);
    const beta = await projects.create("beta", 5);
    await projects.create("alpha", 6, { usd: 3, period: "total", set_at: 6 });
    await management.createToken({ project: "beta" });
    expect(await projects.find(beta.id)).toEqual(beta);
    expect((await projects.list()).map((project) => [project.name, project.budget?.usd])).toEqual([
      ["alpha", 3],
      ["beta", undefined],
    ]);
    await projects.setActive(beta.id, false);
    expect((await projects.find("beta"))?.active).toBe(false);
    expect(await projects.tokenCount(beta.id)).toBe(1);
    expect(await projects.delete(beta.id, true)).toBe(1);
    expect(await projects.find("beta")).toBeUndefined();
    expect(await tokens.list()).toEqual([]);
  });

  test("deleting a project deletes its spend and, with its tokens, theirs", async () => {
    await using fresh = await stores.fresh(engine);
    const { projects, budgets } = fresh.repositories;
    const management = managementOf(fresh.store);
    const team = await projects.create("team", 1);
    const other = await projects.create("other", 1);
    const { token } = await management.createToken({ project: "team" });
    const spend = (scope: "project" | "token", id: string) => ({
      scope,
      id,
      start: 0,
      usd: 1,
      at: 2,
    });
    await budgets.addSpends([
      spend("project", team.id),
      spend("token", token.id),
      spend("project", other.id),
    ]);
    await projects.delete(team.id, true);
    expect(await budgets.spent("project", team.id, 0)).toBe(0);
    expect(await budgets.spent("token", token.id, 0)).toBe(0);
    expect(await budgets.spent("project", other.id, 0)).toBe(1);
    expect(await budgetSpendRows(fresh.store)).toBe(1);
  });
});

// --- internal ---

async function budgetSpendRows(store: Store): Promise<number> {
  if (store.engine === "postgres") {
    const [row]: { n: unknown }[] = await store.sql`select count(*) as n from budget_spend`;
    return Number(row?.n);
  }
  return store.db.query<{ n: number }, []>("select count(*) as n from budget_spend").get()?.n ?? 0;
}
