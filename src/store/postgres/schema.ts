// The Postgres text of each schema migration, numbered as the sqlite ones (migrations.ts keeps
// the one history): the same tables and columns, with Postgres types (bigint epoch ms, double
// precision, identity keys) and the stats rollup as a PL/pgSQL statement trigger.

import { latencyBinSql } from "../latency-bins.ts";

const minuteMs = 60_000;

/** 1: projects, tokens, audit log */
export const coreTables = `
  create table projects (
    id text primary key,
    name text not null unique,
    active integer not null default 1,
    created_at bigint not null
  );
  create table tokens (
    id text primary key,
    hash text not null unique,
    prefix text not null,
    project_id text not null references projects(id),
    name text not null default '',
    created_at bigint not null,
    expires_at bigint,
    revoked_at bigint,
    last_used_at bigint,
    request_count bigint not null default 0,
    max_requests bigint,
    models text,
    rpm bigint,
    tpm bigint
  );
  create index tokens_project on tokens(project_id);
  create table audit_events (
    id bigint generated always as identity primary key,
    at bigint not null,
    actor text not null,
    action text not null,
    target text not null,
    details text
  );
  create index audit_events_at on audit_events(at);
`;

/** 2: one usage row per proxied request */
export const usageTable = `
  create table usage_records (
    id bigint generated always as identity primary key,
    at bigint not null,
    request_id text not null,
    project text,
    token_id text,
    provider text,
    model text,
    model_served text,
    status integer not null,
    attempts integer not null,
    ttfb_ms double precision,
    total_ms double precision not null,
    input_tokens bigint not null default 0,
    output_tokens bigint not null default 0,
    cached_tokens bigint not null default 0,
    estimated integer not null default 0,
    cache_status text,
    session_id text,
    error_class text
  );
  create index usage_records_at on usage_records(at);
`;

/** 3: request/response traces; `seq` orders traces of one millisecond (sqlite's rowid) */
export const tracesTable = `
  create table traces (
    id text primary key,
    seq bigint generated always as identity,
    request_id text not null,
    at bigint not null,
    method text not null,
    path text not null,
    model text,
    provider text,
    status integer not null,
    duration_ms double precision not null,
    session_id text,
    request_headers text,
    request_body text,
    response_headers text,
    response_body text,
    response_text text,
    truncated integer not null default 0
  );
  create index traces_at on traces(at);
  create index traces_request_id on traces(request_id);
`;

/** 4: the sqlite response cache's table; unused on Postgres (cache.backend sqlite is refused) */
export const cacheTable = `
  create table cache_entries (
    key text primary key,
    status integer not null,
    content_type text not null,
    streamed integer not null,
    body bytea not null,
    stored_at bigint not null,
    expires_at bigint not null
  );
`;

/** 5: cost and the cache-token split */
export const costColumns = `
  alter table usage_records add column cost_usd double precision;
  alter table usage_records add column cache_read_tokens bigint not null default 0;
  alter table usage_records add column cache_write_tokens bigint not null default 0;
`;

/** 6: budgets on projects and tokens, and the spend of each budget period */
export const budgetTables = `
  alter table projects add column budget_usd double precision;
  alter table projects add column budget_period text;
  alter table projects add column budget_set_at bigint;
  alter table tokens add column budget_usd double precision;
  alter table tokens add column budget_period text;
  alter table tokens add column budget_set_at bigint;
  create table budget_spend (
    scope text not null,
    scope_id text not null,
    period_start bigint not null,
    spent_usd double precision not null default 0,
    updated_at bigint not null,
    primary key (scope, scope_id, period_start)
  );
`;

// One statement trigger per insert (a usage batch is one statement): it sums the new rows by
// minute and latency bin, in key order, so two instances' batches lock rows in the same order.
const rollupInserts = (rows: string) => `
  insert into usage_minutes
    select at / ${minuteMs}, count(*), count(error_class), sum(input_tokens), sum(output_tokens),
      coalesce(sum(cost_usd), 0)
    from ${rows} group by 1 order by 1
  on conflict (minute) do update set requests = usage_minutes.requests + excluded.requests,
    errors = usage_minutes.errors + excluded.errors,
    input_tokens = usage_minutes.input_tokens + excluded.input_tokens,
    output_tokens = usage_minutes.output_tokens + excluded.output_tokens,
    cost_usd = usage_minutes.cost_usd + excluded.cost_usd;
  insert into usage_latency_minutes
    select at / ${minuteMs}, ${latencyBinSql("total_ms")}, count(*)
    from ${rows} group by 1, 2 order by 1, 2
  on conflict (minute, bin) do update
    set requests = usage_latency_minutes.requests + excluded.requests;
`;

/** 7: per-minute usage totals and latency histograms for /admin/stats, kept by a trigger */
export const statsRollup = `
  create table usage_minutes (
    minute bigint primary key,
    requests bigint not null,
    errors bigint not null,
    input_tokens bigint not null,
    output_tokens bigint not null,
    cost_usd double precision not null
  );
  create table usage_latency_minutes (
    minute bigint not null,
    bin integer not null,
    requests bigint not null,
    primary key (minute, bin)
  );
  ${rollupInserts("usage_records")}
  create function usage_records_rollup() returns trigger language plpgsql as $rollup$
  begin
    ${rollupInserts("new_rows")}
    return null;
  end
  $rollup$;
  create trigger usage_records_rollup after insert on usage_records
    referencing new table as new_rows for each statement execute function usage_records_rollup();
`;

/** 8: nothing; sqlite's rollup moved out of its row trigger, Postgres's is per statement already */
export const unchangedSinceStatsRollup = "select 1;";
