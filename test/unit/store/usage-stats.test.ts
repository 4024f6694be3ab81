// /admin/stats buckets from usage rows, on sqlite and on Postgres: aligned, empty buckets
// included, errors, tokens and the known costs summed, latency quantiles per bucket, rows outside
// the window left out, and rows older than the rollup counted by its migration.

import { describe, expect, test } from "bun:test";
import type { Repositories, Store, UsageRecord } from "../../../src/store/index.ts";
import { migrate } from "../../../src/store/migrations.ts";
import { migratePostgres } from "../../../src/store/postgres/migrate.ts";
import { usageRecord as record } from "../../support/store-rows.ts";
import { engines, useStores } from "../../support/stores.ts";

const stores = useStores();
const minute = 60_000;
const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);

describe.each(engines)("%s", (engine) => {
  test("every bucket of the window is there, aligned to the step, empty ones zero", async () => {
    await using fresh = await stores.fresh(engine);
    const { usage } = fresh.repositories;
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
    await using fresh = await stores.fresh(engine);
    const { usage } = fresh.repositories;
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
    await using fresh = await stores.fresh(engine);
    const { usage } = fresh.repositories;
    await usage.insertBatch([
      record(t0, 50, { cost_usd: 0.0125 }),
      record(t0 + 1, 50, { cost_usd: null }),
      record(t0 + 2, 50, { cost_usd: 0.0005 }),
    ]);
    await usage.insertBatch([record(t0 + minute, 50, { cost_usd: null })]);
    const points = await usage.stats({ from: t0, stepMs: minute, buckets: 2 });
    expect(points.map((point) => [point.requests, point.cost_usd])).toEqual([
      [3, 0.013],
      [1, 0],
    ]);
  });

  test("p50 and p99 come from each bucket's own latencies, within 5%", async () => {
    await using fresh = await stores.fresh(engine);
    const { usage } = fresh.repositories;
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

  test("a batch over several minutes and the batches after it each count once", async () => {
    await using fresh = await stores.fresh(engine);
    const { usage } = fresh.repositories;
    await usage.insertBatch([record(t0, 100), record(t0 + minute, 100), record(t0 + minute, 200)]);
    await usage.insertBatch([record(t0 + minute + 1, 100, { error_class: "upstream_error" })]);
    await usage.insertBatch([]);
    const points = await usage.stats({ from: t0, stepMs: minute, buckets: 2 });
    expect(points.map(({ requests, errors }) => [requests, errors])).toEqual([
      [1, 0],
      [3, 1],
    ]);
    expect(points[1]?.input_tokens).toBe(30);
  });

  test("rows written before the rollup existed are counted by its migration", async () => {
    await using fresh = await stores.fresh(engine);
    await undoRollup(fresh.store);
    await insertWithoutRollup(fresh, [
      record(t0, 100, { input_tokens: 10 }),
      record(t0 + 1, 300, { input_tokens: 10 }),
    ]);
    await redoMigrations(fresh.store);
    const [point] = await fresh.repositories.usage.stats({ from: t0, stepMs: minute, buckets: 1 });
    expect(point).toMatchObject({ requests: 2, input_tokens: 20, p50_ms: 105 });
  });
});

// --- internal ---

/** Back to schema version 6: no rollup tables, no trigger. */
async function undoRollup(store: Store): Promise<void> {
  if (store.engine === "sqlite") {
    store.db.run(`drop table usage_minutes; drop table usage_latency_minutes;
      pragma user_version = 6`);
    return;
  }
  await store.sql.unsafe(`drop trigger usage_records_rollup on usage_records;
    drop function usage_records_rollup(); drop table usage_minutes; drop table usage_latency_minutes;
    delete from schema_migrations where version = 7`);
}

/** Rows as a version-6 store had them: sqlite's repository rolls up as it inserts. */
async function insertWithoutRollup(
  fresh: { store: Store; repositories: Repositories },
  rows: readonly UsageRecord[],
): Promise<void> {
  const { store } = fresh;
  if (store.engine !== "sqlite") {
    await fresh.repositories.usage.insertBatch(rows);
    return;
  }
  const insert = store.db.query<null, [number, string, number, number, number, number]>(
    `insert into usage_records (at, request_id, status, attempts, total_ms, input_tokens,
       output_tokens) values (?, ?, ?, 1, ?, ?, ?)`,
  );
  for (const row of rows) {
    insert.run(
      row.at,
      row.request_id,
      row.status,
      row.total_ms,
      row.input_tokens,
      row.output_tokens,
    );
  }
}

async function redoMigrations(store: Store): Promise<void> {
  if (store.engine === "sqlite") migrate(store.db);
  else await migratePostgres(store.sql);
}
