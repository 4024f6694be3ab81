// /admin/stats buckets from usage rows: aligned, empty buckets included, errors, tokens and the
// known costs summed, latency quantiles per bucket, rows outside the window left out.

import { Database } from "bun:sqlite";
import { expect, test } from "bun:test";
import { createUsageRepository } from "../../../src/store/index.ts";
import { migrate } from "../../../src/store/migrations.ts";
import { usageRecord as record } from "../../support/store-rows.ts";

const minute = 60_000;
const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function store() {
  const db = new Database(":memory:", { strict: true });
  migrate(db);
  return { db, usage: createUsageRepository(db) };
}

test("every bucket of the window is there, aligned to the step, empty ones zero", async () => {
  const { usage } = store();
  await usage.insertBatch([record(t0 + 7 * minute + 5, 100)]);
  const points = await usage.stats({ from: t0, stepMs: 5 * minute, buckets: 3 });
  expect(points.map((point) => point.t)).toEqual([
    "2026-01-01T12:00:00.000Z",
    "2026-01-01T12:05:00.000Z",
    "2026-01-01T12:10:00.000Z",
  ]);
  expect(points[0]).toEqual({
    t: "2026-01-01T12:00:00.000Z",
    requests: 0,
    errors: 0,
    p50_ms: null,
    p99_ms: null,
    input_tokens: 0,
    output_tokens: 0,
    cost_usd: 0,
  });
  expect(points[1]).toMatchObject({ requests: 1, input_tokens: 10, output_tokens: 5 });
  expect(points[2]?.requests).toBe(0);
});

test("requests, errors and tokens add up per bucket; rows outside the window are left out", async () => {
  const { usage } = store();
  await usage.insertBatch([
    record(t0 - 1, 100),
    record(t0, 100),
    record(t0 + minute, 200, { error_class: "upstream_error", status: 502 }),
    record(t0 + 2 * minute - 1, 300, { input_tokens: 7, output_tokens: 3 }),
    record(t0 + 2 * minute, 100),
  ]);
  const [bucket, ...rest] = await usage.stats({ from: t0, stepMs: 2 * minute, buckets: 1 });
  expect(rest).toEqual([]);
  expect(bucket).toMatchObject({ requests: 3, errors: 1, input_tokens: 27, output_tokens: 13 });
});

test("cost sums the rows that have one; rows without a price add nothing", async () => {
  const { db, usage } = store();
  const insertPriced = db.query<null, [number, string, number | null]>(
    `insert into usage_records (at, request_id, status, attempts, total_ms, cost_usd)
     values (?, ?, 200, 1, 50, ?)`,
  );
  insertPriced.run(t0, "a", 0.0125);
  insertPriced.run(t0 + 1, "b", null);
  insertPriced.run(t0 + 2, "c", 0.0005);
  insertPriced.run(t0 + minute, "d", null);
  const points = await usage.stats({ from: t0, stepMs: minute, buckets: 2 });
  expect(points.map((point) => [point.requests, point.cost_usd])).toEqual([
    [3, 0.013],
    [1, 0],
  ]);
});

test("p50 and p99 come from each bucket's own latencies, within 5%", async () => {
  const { usage } = store();
  const fast = Array.from({ length: 100 }, (_, i) => record(t0 + i, i < 99 ? 100 : 5_000));
  const slow = Array.from({ length: 100 }, (_, i) => record(t0 + minute + i, 1_000 + i * 10));
  await usage.insertBatch([...fast, ...slow]);
  const [first, second] = await usage.stats({ from: t0, stepMs: minute, buckets: 2 });
  const near = (value: number | null | undefined, exact: number) =>
    Math.abs((value ?? 0) - exact) / exact <= 0.05;
  expect([first?.p50_ms, first?.p99_ms].map((value) => near(value, 100))).toEqual([true, true]);
  expect(near(second?.p50_ms, 1_490)).toBe(true);
  expect(near(second?.p99_ms, 1_980)).toBe(true);
});

test("rows written before the rollup existed are counted by its migration", async () => {
  const db = new Database(":memory:", { strict: true });
  migrate(db);
  db.run(`drop trigger usage_records_rollup; drop table usage_minutes;
    drop table usage_latency_minutes; pragma user_version = 6`);
  db.run(`insert into usage_records (at, request_id, status, attempts, total_ms, input_tokens)
    values (${t0}, 'a', 200, 1, 100, 10), (${t0 + 1}, 'b', 200, 1, 300, 10)`);
  migrate(db);
  const [point] = await createUsageRepository(db).stats({ from: t0, stepMs: minute, buckets: 1 });
  expect(point).toMatchObject({ requests: 2, input_tokens: 20, p50_ms: 105 });
});
