// Usage records: one row per proxied request, written in batches; summaries for the CLI and API.

import type { Database } from "bun:sqlite";
import {
  createUsageRollup,
  createUsageStatsReader,
  type StatsPoint,
  type StatsWindow,
} from "./usage-stats.ts";

export type UsageRecord = {
  at: number;
  request_id: string;
  project: string | null;
  token_id: string | null;
  provider: string | null;
  model: string | null;
  model_served: string | null;
  status: number;
  attempts: number;
  ttfb_ms: number | null;
  total_ms: number;
  /** Every input token, cache reads and writes included (DESIGN.md's one convention). */
  input_tokens: number;
  output_tokens: number;
  /** Alias of cache_read_tokens, kept for one release. */
  cached_tokens: number;
  /** Input tokens read from the upstream's prompt cache. */
  cache_read_tokens: number;
  /** Input tokens written to the upstream's prompt cache. */
  cache_write_tokens: number;
  /** USD from the price table; 0 when no token was used, null when the model has no price. */
  cost_usd: number | null;
  /** Tokens counted from the text because the upstream reported none (e.g. a cut stream). */
  estimated: boolean;
  cache_status: string | null;
  session_id: string | null;
  /** The error code when the request failed (upstream_error, client_closed, ...), else null. */
  error_class: string | null;
};

export const usageGroupings = ["project", "token", "model", "provider"] as const;
export type UsageGrouping = (typeof usageGroupings)[number];

export type UsageSummaryRow = {
  key: string | null;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  errors: number;
  /** USD of the priced requests; null when none was priced. */
  cost_usd: number | null;
  /** Requests that used tokens of a model without a price. */
  unpriced_requests: number;
};

export type UsageRepository = {
  /** All rows in one transaction. */
  insertBatch(records: readonly UsageRecord[]): Promise<void>;
  summarize(since: number, by: UsageGrouping): Promise<UsageSummaryRow[]>;
  /** Requests, errors, latency, tokens and cost per time bucket, empty buckets included. */
  stats(window: StatsWindow): Promise<StatsPoint[]>;
  count(): Promise<number>;
};

const groupColumn: Record<UsageGrouping, string> = {
  project: "project",
  token: "token_id",
  model: "model",
  provider: "provider",
};

export function createUsageRepository(db: Database): UsageRepository {
  const insert = db.query<null, Record<string, string | number | null>>(
    `insert into usage_records (at, request_id, project, token_id, provider, model, model_served,
       status, attempts, ttfb_ms, total_ms, input_tokens, output_tokens, cached_tokens,
       cache_read_tokens, cache_write_tokens, cost_usd, estimated, cache_status, session_id,
       error_class)
     values ($at, $request_id, $project, $token_id, $provider, $model, $model_served, $status,
       $attempts, $ttfb_ms, $total_ms, $input_tokens, $output_tokens, $cached_tokens,
       $cache_read_tokens, $cache_write_tokens, $cost_usd, $estimated, $cache_status,
       $session_id, $error_class)`,
  );
  const rollup = createUsageRollup(db);
  const insertAll = db.transaction((records: readonly UsageRecord[]) => {
    const lastIdBefore = rollup.before();
    for (const record of records) insert.run({ ...record, estimated: record.estimated ? 1 : 0 });
    rollup.after(lastIdBefore);
  });
  const summaries = new Map(
    usageGroupings.map((by) => [
      by,
      db.query<UsageSummaryRow, [number]>(
        `select ${groupColumn[by]} as key, count(*) as requests,
           coalesce(sum(input_tokens), 0) as input_tokens,
           coalesce(sum(output_tokens), 0) as output_tokens,
           sum(case when error_class is not null then 1 else 0 end) as errors,
           sum(cost_usd) as cost_usd,
           sum(case when cost_usd is null and input_tokens + output_tokens > 0 then 1 else 0 end)
             as unpriced_requests
         from usage_records where at >= ? group by ${groupColumn[by]} order by requests desc, key`,
      ),
    ]),
  );
  const readStats = createUsageStatsReader(db);
  const countRows = db.query<{ n: number }, []>("select count(*) as n from usage_records");
  return {
    async insertBatch(records) {
      if (records.length > 0) insertAll.immediate(records);
    },
    async summarize(since, by) {
      return summaries.get(by)?.all(since) ?? [];
    },
    stats: async (window) => readStats(window),
    count: async () => countRows.get()?.n ?? 0,
  };
}
