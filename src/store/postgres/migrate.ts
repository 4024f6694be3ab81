// Brings a Postgres store's schema up to date: the numbered migrations of migrations.ts, each in
// its own transaction with its row in schema_migrations, all under one advisory lock held on one
// reserved connection (Bun's SQL is a pool), so instances that start together never race: the
// second waits, then finds them applied.

import type { SQL } from "bun";
import { migrations, newerSchemaError, schemaVersion } from "../migrations.ts";
import { withAdvisoryLock } from "./advisory-lock.ts";

export function migratePostgres(sql: SQL): Promise<void> {
  return withAdvisoryLock(sql, "schema migrations", applyMissing);
}

// --- internal ---

async function applyMissing(connection: SQL): Promise<void> {
  await connection`
    create table if not exists schema_migrations (
      version integer primary key,
      applied_at timestamptz not null default now()
    )`;
  const rows: { version: number }[] = await connection`select version from schema_migrations`;
  const applied = new Set(rows.map((row) => Number(row.version)));
  const newest = Math.max(0, ...applied);
  if (newest > schemaVersion) throw newerSchemaError(newest);
  for (const [index, migration] of migrations.entries()) {
    const version = index + 1;
    if (applied.has(version)) continue;
    await connection.begin(async (tx) => {
      await tx.unsafe(migration.postgres);
      await tx`insert into schema_migrations (version) values (${version})`;
    });
  }
}
