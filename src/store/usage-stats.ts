// Time series for /admin/stats from usage rows. Per-minute totals and latency histograms are
// kept as rows are inserted, so a day in 5-minute steps reads about 1,440 minutes instead of
// scanning every usage row (1,000,000 rows took 0.4 s to group by bucket at read time).

import type { Database } from "bun:sqlite";
import { latencyBinSql, quantileOf } from "./latency-bins.ts";

export type StatsPoint = {
  /** Start of the bucket, ISO UTC. */
  t: string;
  requests: number;
  errors: number;
  /** From the latency histogram (bin midpoints, within 5%); null for an empty bucket. */
  p50_ms: number | null;
  p99_ms: number | null;
  input_tokens: number;
  output_tokens: number;
  /** The sum of the rows' known costs; rows without a price add nothing. */
  cost_usd: number;
};

/** `buckets` buckets of `stepMs` (a whole number of minutes) from `from` (aligned to the step). */
export type StatsWindow = { from: number; stepMs: number; buckets: number };

const minuteMs = 60_000;

// Postgres runs the same two inserts from a PL/pgSQL statement trigger (postgres/schema.ts); the
// read queries are range scans on the primary keys. sqlite's first rollup was a row trigger
// (migration 7); migration 8 replaces it with createUsageRollup, once per batch.
export const usageStatsMigration = `
  create table usage_minutes (
    minute integer primary key,
    requests integer not null,
    errors integer not null,
    input_tokens integer not null,
    output_tokens integer not null,
    cost_usd real not null
  );
  create table usage_latency_minutes (
    minute integer not null,
    bin integer not null,
    requests integer not null,
    primary key (minute, bin)
  ) without rowid;
  insert into usage_minutes
    select at / ${minuteMs}, count(*), sum(error_class is not null), sum(input_tokens),
      sum(output_tokens), coalesce(sum(cost_usd), 0)
    from usage_records group by 1;
  insert into usage_latency_minutes
    select at / ${minuteMs}, ${latencyBinSql("total_ms")}, count(*) from usage_records group by 1, 2;
  create trigger usage_records_rollup after insert on usage_records begin
    insert into usage_minutes values (new.at / ${minuteMs}, 1, new.error_class is not null,
      new.input_tokens, new.output_tokens, coalesce(new.cost_usd, 0))
    on conflict (minute) do update set requests = requests + 1, errors = errors + excluded.errors,
      input_tokens = input_tokens + excluded.input_tokens,
      output_tokens = output_tokens + excluded.output_tokens,
      cost_usd = cost_usd + excluded.cost_usd;
    insert into usage_latency_minutes values (new.at / ${minuteMs}, ${latencyBinSql("new.total_ms")}, 1)
    on conflict (minute, bin) do update set requests = requests + 1;
  end;
`;

/**
 * A row trigger made two upserts per usage row, a third of the row's insert (3.1 µs with it, 2.1
 * without); grouped per batch, a batch within one minute makes two. The batch's rows are those
 * past the largest id before it (autoincrement ids only grow).
 */
export const usageRollupPerBatchMigration = "drop trigger usage_records_rollup;";

/** Inside the batch's transaction: `before()` ahead of the inserts, `after(id)` once they are in. */
export type UsageRollup = { before(): number; after(lastIdBefore: number): void };

export function createUsageRollup(db: Database): UsageRollup {
  const lastId = db.query<{ id: number }, []>(
    "select coalesce(max(id), 0) as id from usage_records",
  );
  const minutes = db.query<null, [number]>(
    `insert into usage_minutes
       select at / ${minuteMs}, count(*), sum(error_class is not null), sum(input_tokens),
         sum(output_tokens), coalesce(sum(cost_usd), 0)
       from usage_records where id > ? group by 1
     on conflict (minute) do update set requests = requests + excluded.requests,
       errors = errors + excluded.errors, input_tokens = input_tokens + excluded.input_tokens,
       output_tokens = output_tokens + excluded.output_tokens,
       cost_usd = cost_usd + excluded.cost_usd`,
  );
  const latencies = db.query<null, [number]>(
    `insert into usage_latency_minutes
       select at / ${minuteMs}, ${latencyBinSql("total_ms")}, count(*)
       from usage_records where id > ? group by 1, 2
     on conflict (minute, bin) do update set requests = requests + excluded.requests`,
  );
  return {
    before: () => lastId.get()?.id ?? 0,
    after(lastIdBefore) {
      minutes.run(lastIdBefore);
      latencies.run(lastIdBefore);
    },
  };
}

export type UsageStatsReader = (window: StatsWindow) => StatsPoint[];

/** One bucket's totals (bucket = its index in the window), from either engine's rollup. */
export type BucketTotals = {
  bucket: number;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
};

/** Requests of one latency bin in one bucket. */
export type BucketLatency = { bucket: number; bin: number; requests: number };

export function createUsageStatsReader(db: Database): UsageStatsReader {
  const totals = db.query<MinuteTotals, [number, number]>(
    `select minute, requests, errors, input_tokens, output_tokens, cost_usd from usage_minutes
     where minute >= ? and minute < ? order by minute`,
  );
  const latencies = db.query<{ minute: number; bin: number; requests: number }, [number, number]>(
    `select minute, bin, requests from usage_latency_minutes
     where minute >= ? and minute < ? order by minute, bin`,
  );
  return (window) => {
    const { first, end, bucketOf } = minutesOf(window);
    const rows = totals.all(first, end).map(({ minute, ...row }) => ({
      ...row,
      bucket: bucketOf(minute),
    }));
    const bins = (function* () {
      for (const { minute, ...row } of latencies.iterate(first, end)) {
        yield { ...row, bucket: bucketOf(minute) };
      }
    })();
    return toStatsPoints(window, rows, bins);
  };
}

/** The window in whole minutes, and the bucket a minute falls in. */
export function minutesOf(window: StatsWindow): {
  first: number;
  end: number;
  stepMinutes: number;
  bucketOf: (minute: number) => number;
} {
  const first = window.from / minuteMs;
  const stepMinutes = window.stepMs / minuteMs;
  const end = first + stepMinutes * window.buckets;
  return {
    first,
    end,
    stepMinutes,
    bucketOf: (minute) => Math.floor((minute - first) / stepMinutes),
  };
}

/** Every bucket of the window, empty ones included, from bucket totals and latency bins. */
export function toStatsPoints(
  window: StatsWindow,
  totals: Iterable<BucketTotals>,
  latencies: Iterable<BucketLatency>,
): StatsPoint[] {
  const buckets = emptyBuckets(window);
  for (const row of totals) {
    const bucket = buckets[row.bucket];
    if (bucket) addTotals(bucket.point, row);
  }
  for (const row of latencies) {
    const histogram = buckets[row.bucket]?.latency;
    histogram?.set(row.bin, (histogram.get(row.bin) ?? 0) + row.requests);
  }
  return buckets.map(({ point, latency }) => ({
    ...point,
    cost_usd: Math.round(point.cost_usd * 1e6) / 1e6,
    p50_ms: quantileOf(latency, 0.5),
    p99_ms: quantileOf(latency, 0.99),
  }));
}

// --- internal ---

type MinuteTotals = {
  minute: number;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
};

type Bucket = { point: StatsPoint; latency: Map<number, number> };

function emptyBuckets(window: StatsWindow): Bucket[] {
  return Array.from({ length: window.buckets }, (_, index) => ({
    point: {
      t: new Date(window.from + index * window.stepMs).toISOString(),
      requests: 0,
      errors: 0,
      p50_ms: null,
      p99_ms: null,
      input_tokens: 0,
      output_tokens: 0,
      cost_usd: 0,
    },
    latency: new Map<number, number>(),
  }));
}

function addTotals(point: StatsPoint, row: BucketTotals): void {
  point.requests += row.requests;
  point.errors += row.errors;
  point.input_tokens += row.input_tokens;
  point.output_tokens += row.output_tokens;
  point.cost_usd += row.cost_usd;
}
