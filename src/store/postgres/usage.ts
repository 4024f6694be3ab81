// Usage records on Postgres: the same repository as usage.ts, in Bun's SQL. A batch is one insert
// statement per thousand rows in one transaction (the rollup trigger runs once per statement);
// /admin/stats sums the rollup tables per bucket in the database.

import type { SQL } from "bun";
import {
  type UsageGrouping,
  type UsageRepository,
  type UsageSummaryRow,
  usageGroupings,
} from "../usage.ts";
import { minutesOf, type StatsWindow, toStatsPoints } from "../usage-stats.ts";
import { num, numOrNull } from "./rows.ts";

type Row = Record<string, unknown>;

// 1,000 rows of 21 columns stay far below Postgres's 65,535 parameters per statement
const rowsPerStatement = 1_000;

const groupColumn: Record<UsageGrouping, string> = {
  project: "project",
  token: "token_id",
  model: "model",
  provider: "provider",
};

export function createPostgresUsageRepository(sql: SQL): UsageRepository {
  const summaries = new Map(usageGroupings.map((by) => [by, summaryQuery(groupColumn[by])]));
  return {
    async insertBatch(records) {
      if (records.length === 0) return;
      const rows = records.map((record) => ({ ...record, estimated: record.estimated ? 1 : 0 }));
      await sql.begin(async (tx) => {
        for (let start = 0; start < rows.length; start += rowsPerStatement) {
          await tx`insert into usage_records ${tx(rows.slice(start, start + rowsPerStatement))}`;
        }
      });
    },
    async summarize(since, by) {
      const rows: Row[] = await sql.unsafe(summaries.get(by) ?? "", [since]);
      return rows.map(toSummaryRow);
    },
    stats: (window) => readStats(sql, window),
    async count() {
      const [row]: Row[] = await sql`select count(*) as n from usage_records`;
      return num(row?.n ?? 0);
    },
  };
}

// --- internal ---

/** The group column is one of ours (never input); `since` is the one parameter. */
function summaryQuery(column: string): string {
  return `select ${column} as key, count(*) as requests,
      coalesce(sum(input_tokens), 0) as input_tokens,
      coalesce(sum(output_tokens), 0) as output_tokens,
      count(error_class) as errors,
      sum(cost_usd) as cost_usd,
      count(*) filter (where cost_usd is null and input_tokens + output_tokens > 0)
        as unpriced_requests
    from usage_records where at >= $1 group by ${column}
    order by requests desc, ${column} collate "C"`;
}

function toSummaryRow(row: Row): UsageSummaryRow {
  return {
    key: row.key === null ? null : String(row.key),
    requests: num(row.requests),
    input_tokens: num(row.input_tokens),
    output_tokens: num(row.output_tokens),
    errors: num(row.errors),
    cost_usd: numOrNull(row.cost_usd),
    unpriced_requests: num(row.unpriced_requests),
  };
}

async function readStats(sql: SQL, window: StatsWindow) {
  const { first, end, stepMinutes } = minutesOf(window);
  const [totals, latencies]: [Row[], Row[]] = await Promise.all([
    sql`select (minute - ${first}::bigint) / ${stepMinutes}::bigint as bucket,
          sum(requests) as requests, sum(errors) as errors, sum(input_tokens) as input_tokens,
          sum(output_tokens) as output_tokens, sum(cost_usd) as cost_usd
        from usage_minutes where minute >= ${first} and minute < ${end} group by 1`,
    sql`select (minute - ${first}::bigint) / ${stepMinutes}::bigint as bucket, bin,
          sum(requests) as requests
        from usage_latency_minutes where minute >= ${first} and minute < ${end} group by 1, 2`,
  ]);
  return toStatsPoints(
    window,
    totals.map((row) => ({
      bucket: num(row.bucket),
      requests: num(row.requests),
      errors: num(row.errors),
      input_tokens: num(row.input_tokens),
      output_tokens: num(row.output_tokens),
      cost_usd: num(row.cost_usd),
    })),
    latencies.map((row) => ({
      bucket: num(row.bucket),
      bin: num(row.bin),
      requests: num(row.requests),
    })),
  );
}
