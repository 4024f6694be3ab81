// Budgets through the management layer shared by the CLI and the admin API.

import { expect, test } from "bun:test";
import { type BudgetInput, toProjectView } from "../../../src/auth/index.ts";
import { ProxyError } from "../../../src/shared/index.ts";
import { createAuditRepository, openStore } from "../../../src/store/index.ts";
import { managementOf } from "../../support/management.ts";
import { manualClock } from "../../support/manual-clock.ts";

function setup() {
  const store = openStore(":memory:");
  const clock = manualClock(Date.parse("2026-12-01T15:00:00Z"));
  return { store, clock, management: managementOf(store, () => clock.now()) };
}

test("a budget without a period is a total budget", async () => {
  const { management, clock } = setup();
  const project = await management.createProject("team", { budget: { usd: 25 } });
  expect(project.budget).toEqual({ usd: 25, period: "total", set_at: clock.now() });
  expect(toProjectView(project)).toMatchObject({ budget_usd: 25, budget_period: "total" });
});

test("changing the amount keeps the period's start; changing the period starts a new one", async () => {
  const { management, clock } = setup();
  const setAt = clock.now();
  await management.createProject("team", { budget: { usd: 25, period: "month" } });
  clock.advance(3_600_000);
  const budgetAfter = async (budget: BudgetInput | null) =>
    (await management.updateProject("team", { budget })).budget;
  expect(await budgetAfter({ usd: 40, period: "month" })).toEqual({
    usd: 40,
    period: "month",
    set_at: setAt,
  });
  expect(await budgetAfter({ usd: 40, period: "7d" })).toEqual({
    usd: 40,
    period: "7d",
    set_at: clock.now(),
  });
  // an update without a period keeps the current one
  expect(await budgetAfter({ usd: 50 })).toMatchObject({ usd: 50, period: "7d" });
  expect(await budgetAfter(null)).toBeNull();
  expect((await management.showProject("team")).budget).toBeNull();
});

test("a token's budget is stored with it and shown in its view", async () => {
  const { management } = setup();
  const { token } = await management.createToken({
    project: "p",
    budget: { usd: 5, period: "1d" },
  });
  expect((await management.listTokens("p"))[0]?.budget).toMatchObject({ usd: 5, period: "1d" });
  expect(await management.viewOf(token)).toMatchObject({ budget_usd: 5, budget_period: "1d" });
});

test.each([
  [{ usd: 0 }, "budget_usd"],
  [{ usd: -3 }, "budget_usd"],
  [{ usd: Number.NaN }, "budget_usd"],
  [{ usd: 5, period: "week" }, "budget_period"],
])("refuses the budget %p, naming %s", async (budget, param) => {
  const { management } = setup();
  const attempt = management.createProject("team", { budget: budget as { usd: number } });
  await expect(attempt).rejects.toThrow(ProxyError);
  expect(await attempt.catch((error: unknown) => error)).toMatchObject({
    code: "invalid_request",
    param,
  });
});

test("budget changes are audited", async () => {
  const { management, store } = setup();
  await management.createProject("team", { budget: { usd: 25, period: "month" } });
  await management.updateProject("team", { budget: null });
  const events = await createAuditRepository(store.db).list({ limit: 10 });
  expect(events.map((event) => [event.action, event.details?.budget_usd])).toEqual([
    ["project.budget", null],
    ["project.create", 25],
  ]);
});

test("a token with a bad budget is refused before its new project is made", async () => {
  const { management } = setup();
  const created = management.createToken({ project: "fresh", budget: { usd: -1 } });
  await expect(created).rejects.toThrow("budget: expected a positive USD amount");
  expect(await management.listProjects()).toEqual([]);
});
