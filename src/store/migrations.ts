// The one schema history of both engines: migration N has a sqlite and a Postgres text. On
// sqlite they are applied by version number (pragma user_version), each once, in order, in its
// own transaction, so a crash mid-migration leaves the previous version intact; postgres/
// migrate.ts applies the same numbers under an advisory lock.

import type { Database } from "bun:sqlite";
import { budgetsMigration } from "./budgets.ts";
import { cacheEntriesMigration } from "./cache-entries.ts";
import * as postgres from "./postgres/schema.ts";
import { tracesMigration } from "./traces.ts";
import { usageRollupPerBatchMigration, usageStatsMigration } from "./usage-stats.ts";

export type Migration = { sqlite: string; postgres: string };

const sqliteMigrations: readonly string[] = [
  // 1: projects, tokens, audit log
  `
  create table projects (
    id text primary key,
    name text not null unique,
    active integer not null default 1,
    created_at integer not null
  );
  create table tokens (
    id text primary key,
    hash text not null unique,
    prefix text not null,
    project_id text not null references projects(id),
    name text not null default '',
    created_at integer not null,
    expires_at integer,
    revoked_at integer,
    last_used_at integer,
    request_count integer not null default 0,
    max_requests integer,
    models text,
    rpm integer,
    tpm integer
  );
  create index tokens_project on tokens(project_id);
  create table audit_events (
    id integer primary key autoincrement,
    at integer not null,
    actor text not null,
    action text not null,
    target text not null,
    details text
  );
  create index audit_events_at on audit_events(at);
  `,
  // 2: one usage row per proxied request
  `
  create table usage_records (
    id integer primary key autoincrement,
    at integer not null,
    request_id text not null,
    project text,
    token_id text,
    provider text,
    model text,
    model_served text,
    status integer not null,
    attempts integer not null,
    ttfb_ms real,
    total_ms real not null,
    input_tokens integer not null default 0,
    output_tokens integer not null default 0,
    cached_tokens integer not null default 0,
    estimated integer not null default 0,
    cache_status text,
    session_id text,
    error_class text
  );
  create index usage_records_at on usage_records(at);
  `,
  // 3: request/response traces
  tracesMigration,
  // 4: the sqlite response cache
  cacheEntriesMigration,
  // 5: cost and the cache-token split (DESIGN.md, cost and budgets); cached_tokens stays as an
  // alias of cache_read_tokens for one release
  `
  alter table usage_records add column cost_usd real;
  alter table usage_records add column cache_read_tokens integer not null default 0;
  alter table usage_records add column cache_write_tokens integer not null default 0;
  `,
  // 6: budgets on projects and tokens, and the spend of each budget period
  budgetsMigration,
  // 7: per-minute usage totals and latency histograms for /admin/stats, kept by a trigger
  usageStatsMigration,
  // 8: the rollup made once per batch by the usage repository instead of per row
  usageRollupPerBatchMigration,
];

const postgresMigrations: readonly string[] = [
  postgres.coreTables,
  postgres.usageTable,
  postgres.tracesTable,
  postgres.cacheTable,
  postgres.costColumns,
  postgres.budgetTables,
  postgres.statsRollup,
  postgres.unchangedSinceStatsRollup,
];

export const migrations: readonly Migration[] = sqliteMigrations.map((sqlite, index) => ({
  sqlite,
  postgres: postgresMigrations[index] ?? missing(index + 1),
}));

export const schemaVersion = migrations.length;

/** The error a store newer than this binary gets (it would not understand the schema). */
export function newerSchemaError(current: number): Error {
  return new Error(
    `the database schema is version ${current}, newer than this llm-proxy understands (${schemaVersion}); upgrade llm-proxy`,
  );
}

export function migrate(db: Database): void {
  const current = currentVersion(db);
  if (current > schemaVersion) throw newerSchemaError(current);
  for (let version = current + 1; version <= schemaVersion; version++) {
    // immediate: a second process migrating at the same time waits instead of racing
    db.transaction(() => {
      if (currentVersion(db) >= version) return;
      db.run(migrations[version - 1]?.sqlite ?? "");
      db.run(`pragma user_version = ${version}`);
    }).immediate();
  }
}

// --- internal ---

function missing(version: number): never {
  throw new Error(`migration ${version} has no Postgres text`);
}

function currentVersion(db: Database): number {
  const row = db.query<{ user_version: number }, []>("pragma user_version").get();
  return row?.user_version ?? 0;
}
