// The spend writer against a real store: what is not written yet is summed per budget window and
// written in one transaction per flush, a read made while a write is on its way counts it once,
// and while the store keeps failing, what is kept is bounded (and drops are counted).

import { expect, test } from "bun:test";
import { createSpendWriter } from "../../../src/auth/spend-writer.ts";
import { type BudgetRepository, createRepositories, openStore } from "../../../src/store/index.ts";

const spend = (usd: number, id = "tok_1") => ({
  scope: "token" as const,
  id,
  start: 0,
  usd,
  at: 1,
});

function budgetsOf() {
  return createRepositories(openStore(":memory:")).budgets;
}

test("a spend on its way to the store is counted once by a read made meanwhile", async () => {
  const inner = budgetsOf();
  const repository: BudgetRepository = {
    ...inner,
    // the read's snapshot is taken late, the write's reply comes back later still
    spent: async (...args) => {
      await Bun.sleep(5);
      return inner.spent(...args);
    },
    addSpends: async (spends) => {
      await inner.addSpends(spends);
      await Bun.sleep(20);
    },
  };
  const writer = createSpendWriter(repository, (error) => {
    throw error;
  });
  writer.add(spend(1));
  await writer.written();
  const read = writer.stored("token", "tok_1", 0);
  writer.add(spend(2));
  expect(await read).toBe(3);
  await writer.written();
  expect(await writer.stored("token", "tok_1", 0)).toBe(3);
});

test("spends kept while the store fails are summed per window and written in one transaction", async () => {
  const inner = budgetsOf();
  const errors: unknown[] = [];
  const writes: number[] = [];
  let failing = true;
  const repository: BudgetRepository = {
    ...inner,
    addSpends: async (spends) => {
      if (failing) throw new Error("the store is away");
      writes.push(spends.length);
      await inner.addSpends(spends);
    },
  };
  const writer = createSpendWriter(repository, (error) => errors.push(error));
  for (let i = 0; i < 100; i++) writer.add(spend(0.01));
  writer.add({ ...spend(1), scope: "project", id: "prj_1" });
  await writer.written();
  expect(errors.length).toBeGreaterThan(0);
  expect(await writer.stored("token", "tok_1", 0)).toBeCloseTo(1, 9);
  failing = false;
  writer.add(spend(0.01));
  await writer.written();
  expect(writes).toEqual([2]);
  expect(await inner.spent("token", "tok_1", 0)).toBeCloseTo(1.01, 9);
  expect(await inner.spent("project", "prj_1", 0)).toBe(1);
  expect(await writer.stored("token", "tok_1", 0)).toBeCloseTo(1.01, 9);
});

test("while the store keeps failing, at most maxWindows are kept: the oldest is dropped and counted", async () => {
  const inner = budgetsOf();
  const errors: unknown[] = [];
  const repository: BudgetRepository = {
    ...inner,
    addSpends: () => Promise.reject(new Error("the store is away")),
  };
  const writer = createSpendWriter(repository, (error) => errors.push(error), { maxWindows: 2 });
  for (const id of ["tok_1", "tok_2", "tok_3"]) writer.add(spend(1, id));
  writer.add(spend(1, "tok_3"));
  await writer.written();
  expect(writer.dropped()).toBe(1);
  expect(await writer.stored("token", "tok_1", 0)).toBe(0);
  expect(await writer.stored("token", "tok_2", 0)).toBe(1);
  expect(await writer.stored("token", "tok_3", 0)).toBe(2);
  expect(errors.filter((error) => String(error).includes("dropped"))).toHaveLength(1);
});
