// Latency bins: the SQL (sqlite's and Postgres's) and the TypeScript agree, bins stay within
// 10%, quantiles within 5%.

import { Database } from "bun:sqlite";
import { expect, test } from "bun:test";
import { latencyBinOf, latencyBinSql, quantileOf } from "../../../src/store/latency-bins.ts";
import { useStores } from "../../support/stores.ts";

const stores = useStores();

const samples = [
  0, 0.4, 3.5, 9.6, 10, 19.9, 20, 49, 51, 99.5, 150, 480, 999, 1_000, 1_999, 4_321, 9_999, 12_345,
  99_999, 123_456, 999_999, 1_234_567, 7_654_321,
];

test("sqlite computes the same bin as latencyBinOf", () => {
  const db = new Database(":memory:");
  const bin = db.query<{ bin: number }, [number]>(`select ${latencyBinSql("?1")} as bin`);
  for (const ms of samples) expect([ms, bin.get(ms)?.bin]).toEqual([ms, latencyBinOf(ms)]);
});

test("Postgres computes the same bin as latencyBinOf", async () => {
  await using fresh = await stores.fresh("postgres");
  if (fresh.store.engine !== "postgres") throw new Error("expected Postgres");
  const { sql } = fresh.store;
  const rows: { ms: number; bin: number }[] = await sql.unsafe(
    `select ms, ${latencyBinSql("ms")} as bin from unnest($1::double precision[]) as ms`,
    [samples],
  );
  expect(rows.map(({ ms, bin }) => [ms, bin])).toEqual(samples.map((ms) => [ms, latencyBinOf(ms)]));
});

const widths = [1, 10, 100, 1_000, 10_000, 100_000].flatMap((power) => [
  power,
  2 * power,
  5 * power,
]);

test("a value's bin holds it and is at most 10% of its lower bound wide (from 10 ms)", () => {
  for (let ms = 10; ms < 5_000_000; ms = Math.ceil(ms * 1.07)) {
    const bin = latencyBinOf(ms);
    expect(bin).toBeLessThanOrEqual(ms);
    const next = widths.map((width) => bin + width).find((upper) => latencyBinOf(upper) !== bin);
    expect(((next ?? bin) - bin) / bin).toBeLessThanOrEqual(0.1);
  }
});

test("quantiles of a histogram come within 5% of the exact ones", () => {
  const values = Array.from({ length: 10_000 }, (_, index) => 20 + ((index * 7919) % 10_000) * 0.9);
  const histogram = new Map<number, number>();
  for (const value of values) {
    const bin = latencyBinOf(value);
    histogram.set(bin, (histogram.get(bin) ?? 0) + 1);
  }
  const sorted = [...values].sort((a, b) => a - b);
  for (const q of [0.5, 0.9, 0.99]) {
    const exact = sorted[Math.ceil(q * sorted.length) - 1] ?? 0;
    expect(Math.abs((quantileOf(histogram, q) ?? 0) - exact) / exact).toBeLessThanOrEqual(0.05);
  }
});

test("an empty histogram has no quantile; one sample is its own p50 and p99", () => {
  expect(quantileOf(new Map(), 0.5)).toBeNull();
  const one = new Map([[latencyBinOf(250), 1]]);
  expect(quantileOf(one, 0.5)).toBe(quantileOf(one, 0.99));
  expect(Math.abs((quantileOf(one, 0.5) ?? 0) - 250)).toBeLessThanOrEqual(12.5);
});
