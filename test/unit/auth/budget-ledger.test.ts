// The budget ledger against a real store, this process's and the shared one (on a real Redis):
// concurrent reservations never pass a budget, periods roll over with the clock, `total` never
// resets, and spend survives reopening the store (and, shared, a Redis that lost it).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BudgetAlert,
  type BudgetInput,
  type BudgetLedger,
  budgetScopesOf,
  createBudgetLedger,
  createSharedBudgetLedger,
  type Reservation,
} from "../../../src/auth/index.ts";
import { createSpendWriter } from "../../../src/auth/spend-writer.ts";
import { systemClock } from "../../../src/shared/index.ts";
import {
  type BudgetedScope,
  createRepositories,
  createSharedState,
  openStore,
  type SharedState,
  type Store,
} from "../../../src/store/index.ts";
import { until } from "../../support/cluster.ts";
import { managementOf } from "../../support/management.ts";
import { type ManualClock, manualClock } from "../../support/manual-clock.ts";
import { type RedisServer, startRedisServer } from "../../support/redis-server.ts";

const setAt = Date.parse("2026-12-01T15:00:00Z");
const kinds = ["local", "shared"] as const;
type Kind = (typeof kinds)[number];

let redis: RedisServer;
const opened: SharedState[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const state of opened) state.close();
  await redis[Symbol.asyncDispose]();
});

/** A fresh Redis namespace: each test's shared ledger sees only its own windows. */
function sharedState(prefix = `t${opened.length}:`, timeoutMs = 1_000): SharedState {
  const state = createSharedState(
    { redis: { url: redis.url, prefix, timeout: timeoutMs }, fail_mode: "closed" },
    { clock: systemClock },
  );
  opened.push(state);
  return state;
}

function ledgerOn(
  kind: Kind,
  store: Store,
  clock: ManualClock,
  alerts: BudgetAlert[] = [],
  shared: { state?: SharedState; failMode?: "closed" | "open" } = {},
) {
  const common = {
    repository: createRepositories(store).budgets,
    clock,
    alertAt: () => 0.8,
    onAlert: (alert: BudgetAlert) => alerts.push(alert),
    onError: (error: unknown) => {
      throw error;
    },
  };
  if (kind === "local") return createBudgetLedger(common);
  return createSharedBudgetLedger({
    ...common,
    counters: (shared.state ?? sharedState()).budgets,
    failMode: shared.failMode ?? "closed",
    onUnavailable: () => {},
    reservationTtlMs: () => 60_000,
  });
}

/** Requests of $1 each, one after another, until `count` or one is refused; how many passed. */
async function spendDollars(
  ledger: BudgetLedger,
  scopes: readonly BudgetedScope[],
  count: number,
): Promise<number> {
  let passed = 0;
  for (; passed < count; passed++) {
    const result = await ledger.reserve(scopes, 1);
    if (!result.ok) break;
    await ledger.settle(result.reservation, 1);
  }
  return passed;
}

/** A project "team" and one token, with these budgets set now, as the ledger's scopes. */
async function budgeted(
  store: Store,
  clock: ManualClock,
  budgets: { token?: BudgetInput; project?: BudgetInput },
): Promise<BudgetedScope[]> {
  const management = managementOf(store, () => clock.now());
  const project = await management.createProject("team", { budget: budgets.project });
  const { token } = await management.createToken({ project: "team", budget: budgets.token });
  return budgetScopesOf({ token, project, allows: () => true });
}

describe.each(kinds)("%s ledger", (kind) => {
  describe("concurrency", () => {
    test("50 concurrent reservations against a budget that fits 10: 10 pass, spent stays within", async () => {
      const store = openStore(":memory:");
      const clock = manualClock(setAt);
      const ledger = ledgerOn(kind, store, clock);
      const scopes = await budgeted(store, clock, { token: { usd: 1 } });
      let release: () => void = () => {};
      const inFlight = new Promise<void>((resolve) => {
        release = resolve;
      });
      const request = async () => {
        const result = await ledger.reserve(scopes, 0.1);
        if (!result.ok) return false;
        await inFlight; // every request is in flight before any ends
        await ledger.settle(result.reservation, 0.1);
        return true;
      };
      const running = Array.from({ length: 50 }, request);
      release();
      const passed = (await Promise.all(running)).filter(Boolean).length;
      const [status] = await ledger.list();
      expect(passed).toBe(10);
      expect(status?.spent_usd).toBeLessThanOrEqual(1 + 1e-9);
      expect(status?.reserved_usd).toBe(0);
    });

    test("however reservations and settlements interleave, spend never passes the budget", async () => {
      const store = openStore(":memory:");
      const clock = manualClock(setAt);
      const ledger = ledgerOn(kind, store, clock);
      const scopes = await budgeted(store, clock, { token: { usd: 5 }, project: { usd: 3 } });
      // a seeded order: each step reserves a new request or settles a random one in flight
      let seed = 7;
      const random = () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      const open: { reservation: Reservation; amount: number }[] = [];
      for (let step = 0; step < 2_000; step++) {
        if (open.length === 0 || random() < 0.6) {
          const amount = 0.05 + random() * 0.3;
          const result = await ledger.reserve(scopes, amount);
          if (result.ok) open.push({ reservation: result.reservation, amount });
        } else {
          const [settled] = open.splice(Math.floor(random() * open.length), 1);
          if (settled) await ledger.settle(settled.reservation, settled.amount * random());
        }
        for (const status of await ledger.list()) {
          expect(status.spent_usd + status.reserved_usd).toBeLessThanOrEqual(
            status.budget_usd + 1e-9,
          );
        }
      }
    });
  });

  describe("settling", () => {
    test("a request that cost nothing releases its reservation; an unknown cost keeps it", async () => {
      const store = openStore(":memory:");
      const clock = manualClock(setAt);
      const ledger = ledgerOn(kind, store, clock);
      const scopes = await budgeted(store, clock, { token: { usd: 1 } });
      const first = await ledger.reserve(scopes, 0.4);
      const second = await ledger.reserve(scopes, 0.3);
      if (!first.ok || !second.ok) throw new Error("expected both to fit");
      expect(second.remainingUsd).toBeCloseTo(0.3, 12);
      await ledger.settle(first.reservation, 0);
      await ledger.settle(second.reservation, null);
      await ledger.settle(second.reservation, 5); // a second settle changes nothing
      expect(await ledger.list()).toEqual([
        {
          scope: "token",
          name: (scopes[0] as BudgetedScope).id,
          budget_usd: 1,
          period: "total",
          spent_usd: 0.3,
          reserved_usd: 0,
          resets_at: null,
        },
      ]);
    });

    test("both budgets apply: the tighter one refuses, remaining is the smaller", async () => {
      const store = openStore(":memory:");
      const clock = manualClock(setAt);
      const ledger = ledgerOn(kind, store, clock);
      const scopes = await budgeted(store, clock, {
        token: { usd: 5 },
        project: { usd: 1, period: "month" },
      });
      const ok = await ledger.reserve(scopes, 0.75);
      expect(ok.ok && ok.remainingUsd).toBeCloseTo(0.25, 12);
      const refused = await ledger.reserve(scopes, 0.5);
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.refusal).toMatchObject({ scope: "project", name: "team", period: "month" });
      // to 2027-01-01T00:00:00Z from 2026-12-01T15:00:00Z
      expect(refused.refusal.retryAfterSeconds).toBe(30 * 86_400 + 9 * 3_600);
      expect(refused.refusal.message).toContain('project "team"');
    });

    test("crossing alert_at alerts once per period", async () => {
      const store = openStore(":memory:");
      const alerts: BudgetAlert[] = [];
      const clock = manualClock(setAt);
      const ledger = ledgerOn(kind, store, clock, alerts);
      const scopes = await budgeted(store, clock, { project: { usd: 10, period: "1d" } });
      for (const cost of [5, 2, 1.5, 1]) {
        const result = await ledger.reserve(scopes, 1.5);
        if (result.ok) await ledger.settle(result.reservation, cost);
      }
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        scope: "project",
        name: "team",
        spent_usd: 8.5,
        alert_at: 0.8,
      });
      clock.advance(86_400_000);
      const next = await ledger.reserve(scopes, 9);
      if (next.ok) await ledger.settle(next.reservation, 9);
      expect(alerts).toHaveLength(2);
    });
  });

  describe("periods", () => {
    test("a 1d budget refuses until UTC midnight, then starts again from nothing", async () => {
      const store = openStore(":memory:");
      const clock = manualClock(Date.parse("2026-12-01T23:59:00Z"));
      const ledger = ledgerOn(kind, store, clock);
      const scopes = await budgeted(store, clock, { token: { usd: 1, period: "1d" } });
      const spend = await ledger.reserve(scopes, 0.9);
      if (spend.ok) await ledger.settle(spend.reservation, 0.9);
      const refused = await ledger.reserve(scopes, 0.2);
      expect(!refused.ok && refused.refusal.retryAfterSeconds).toBe(60);
      clock.advance(60_000);
      const allowed = await ledger.reserve(scopes, 0.2);
      expect(allowed.ok && allowed.remainingUsd).toBeCloseTo(0.8, 12);
      expect((await ledger.list())[0]).toMatchObject({
        spent_usd: 0,
        reserved_usd: 0.2,
        resets_at: "2026-12-03T00:00:00.000Z",
      });
    });

    test("a total budget never resets and gives no retry-after", async () => {
      const store = openStore(":memory:");
      const clock = manualClock(setAt);
      const ledger = ledgerOn(kind, store, clock);
      const scopes = await budgeted(store, clock, { token: { usd: 1 } });
      const spend = await ledger.reserve(scopes, 1);
      if (spend.ok) await ledger.settle(spend.reservation, 1);
      clock.advance(400 * 86_400_000);
      const refused = await ledger.reserve(scopes, 0);
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.refusal.retryAfterSeconds).toBeNull();
    });
  });
});

test("spend survives reopening the store; reservations start again at zero", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "llmp-budgets-")), "proxy.db");
  const clock = manualClock(Date.parse("2026-12-10T10:00:00Z"));
  const before = openStore(path);
  const scopes = await budgeted(before, clock, { project: { usd: 2, period: "month" } });
  const first = ledgerOn("local", before, clock);
  const spent = await first.reserve(scopes, 1.5);
  if (spent.ok) await first.settle(spent.reservation, 1.25);
  expect((await first.reserve(scopes, 0.5)).ok).toBe(true); // in flight when the process stops
  before.close();

  const after = openStore(path);
  const second = ledgerOn("local", after, clock);
  const refused = await second.reserve(scopes, 0.8);
  expect(!refused.ok && refused.refusal.spentUsd).toBe(1.25);
  expect(!refused.ok && refused.refusal.reservedUsd).toBe(0);
  expect((await second.reserve(scopes, 0.75)).ok).toBe(true);
  after.close();
});

test("shared: a Redis that lost the windows is seeded from the store's spend", async () => {
  const store = openStore(":memory:");
  const clock = manualClock(Date.parse("2026-12-10T10:00:00Z"));
  const scopes = await budgeted(store, clock, { project: { usd: 2, period: "month" } });
  const first = ledgerOn("shared", store, clock);
  const spent = await first.reserve(scopes, 1.5);
  if (spent.ok) await first.settle(spent.reservation, 1.25);
  await redis.restart();
  const second = ledgerOn("shared", store, clock);
  const refused = await second.reserve(scopes, 0.8);
  expect(!refused.ok && refused.refusal.spentUsd).toBe(1.25);
  expect((await second.reserve(scopes, 0.75)).ok).toBe(true);
  store.close();
});

test("shared, fail_mode open: a second outage counts what was settled through Redis meanwhile", async () => {
  const store = openStore(":memory:");
  const clock = manualClock(setAt);
  const scopes = await budgeted(store, clock, { token: { usd: 10 } });
  const state = sharedState();
  const ledger = ledgerOn("shared", store, clock, [], { state, failMode: "open" });
  const spend = (count: number) => spendDollars(ledger, scopes, count);
  try {
    await redis.stop();
    expect(await spend(1)).toBe(1); // a first outage, on this instance's own ledger
    await redis.restart();
    await until(() => state.link.up());
    expect(await spend(8)).toBe(8); // through Redis: $9 of $10 spent
    await redis.stop();
    expect(await spend(9)).toBe(1); // a second outage: $1 is left, not $9
  } finally {
    await redis.restart();
  }
  store.close();
});

test("shared, fail_mode open: reservations never sent to Redis queue no release ahead of a cost", async () => {
  const store = openStore(":memory:");
  const clock = manualClock(setAt);
  const scopes = await budgeted(store, clock, { token: { usd: 100_000 } });
  const state = sharedState(undefined, 200);
  const ledger = ledgerOn("shared", store, clock, [], { state, failMode: "open" });
  const first = await ledger.reserve(scopes, 1);
  if (!first.ok) throw new Error("expected the first reservation to pass");
  redis.freeze();
  try {
    await ledger.settle(first.reservation, 1); // no answer in time: kept for later
    // a long outage: every reservation fails at once, on this instance's own ledger
    for (let i = 0; i < 10_000; i++) {
      const result = await ledger.reserve(scopes, 0);
      if (result.ok) await ledger.settle(result.reservation, 0);
    }
  } finally {
    redis.thaw();
  }
  await until(() => state.link.up());
  const next = await ledger.reserve(scopes, 0); // sends what was kept first
  if (next.ok) await ledger.settle(next.reservation, 0);
  const token = scopes[0] as BudgetedScope;
  const window = { scope: "token", id: token.id, start: setAt, budgetUsd: 100_000 };
  expect(await state.budgets.read([window])).toEqual([{ spentUsd: 1, reservedUsd: 0 }]);
  store.close();
});

test("shared, fail_mode open: what was spent during an outage reaches Redis once it is back", async () => {
  const store = openStore(":memory:");
  const clock = manualClock(setAt);
  const scopes = await budgeted(store, clock, { token: { usd: 10 } });
  const state = sharedState(undefined, 200);
  const ledger = ledgerOn("shared", store, clock, [], { state, failMode: "open" });
  const spend = (count: number) => spendDollars(ledger, scopes, count);
  expect(await spend(1)).toBe(1); // through Redis
  redis.freeze(); // an outage that keeps Redis's data
  try {
    expect(await spend(4)).toBe(4); // on this instance's own ledger: $5 of $10 spent
  } finally {
    redis.thaw();
  }
  await until(() => state.link.up());
  expect(await spend(10)).toBe(5);
  store.close();
});

test("spend the store cannot take, past what the writer keeps, is counted for /metrics", async () => {
  const store = openStore(":memory:");
  const clock = manualClock(setAt);
  const inner = createRepositories(store).budgets;
  const failing = { ...inner, addSpends: () => Promise.reject(new Error("the store is away")) };
  const errors: unknown[] = [];
  const onError = (error: unknown) => errors.push(error);
  const ledger = createBudgetLedger({
    repository: failing,
    clock,
    alertAt: () => 0.8,
    onAlert: () => {},
    onError,
    spends: createSpendWriter(failing, onError, { maxWindows: 1 }),
  });
  // a token and its project: one settlement spends in two windows, one more than is kept
  const scopes = await budgeted(store, clock, { token: { usd: 5 }, project: { usd: 5 } });
  expect(ledger.spendDropped()).toBe(0);
  const reserved = await ledger.reserve(scopes, 0.1);
  if (!reserved.ok) throw new Error("the reservation should fit");
  await ledger.settle(reserved.reservation, 0.1);
  expect(ledger.spendDropped()).toBe(1);
  expect(errors.some((error) => String(error).includes("dropped"))).toBe(true);
});
