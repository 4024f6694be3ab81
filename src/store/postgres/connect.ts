// Opens a Postgres store (storage.url) with Bun's SQL: a pool, checked with `select 1` under a
// deadline (a frozen server hangs queries instead of failing them), then migrated.

import { SQL } from "bun";
import { withDeadline } from "../../shared/index.ts";
import type { StoreCheck } from "../store-check.ts";
import { withAdvisoryLock } from "./advisory-lock.ts";
import { migratePostgres } from "./migrate.ts";

export type PostgresStore = {
  engine: "postgres";
  sql: SQL;
  /** The URL without its password, for messages. */
  url: string;
  check(): Promise<StoreCheck>;
  exclusive<T>(name: string, action: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type PostgresOptions = {
  /** Connections in the pool (default 10). */
  max?: number;
  /** How long a connection attempt may take, and the deadline of `check` (default 5 s). */
  timeoutMs?: number;
  /** Bring the schema up to date (default true; `config validate` only connects). */
  migrate?: boolean;
};

export async function openPostgresStore(
  url: string,
  options: PostgresOptions = {},
): Promise<PostgresStore> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const sql = new SQL({
    url,
    max: options.max ?? 10,
    connectionTimeout: Math.ceil(timeoutMs / 1000),
    idleTimeout: 60,
  });
  try {
    await withDeadline(sql`select 1`, timeoutMs, "connecting");
    if (options.migrate !== false) await migratePostgres(sql);
  } catch (error: unknown) {
    await sql.close();
    throw error;
  }
  return {
    engine: "postgres",
    sql,
    url: withoutPassword(url),
    async check() {
      try {
        await withDeadline(sql`select 1`, timeoutMs, "select 1");
        return { ok: true };
      } catch (error: unknown) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
    exclusive: (name, action) => withAdvisoryLock(sql, name, action),
    close: () => sql.close(),
  };
}

// --- internal ---

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "postgres://";
  }
}
