// The sqlite store (storage.path; Postgres is in postgres/): WAL so the CLI and a running server
// can share it, a busy timeout so their writes wait for each other instead of failing, then the
// schema brought up to date.

import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { migrate } from "./migrations.ts";
import type { StoreCheck } from "./store-check.ts";

export type SqliteStore = {
  engine: "sqlite";
  db: Database;
  path: string;
  /** `select 1`, for /ready. */
  check(): Promise<StoreCheck>;
  /** Runs `action` while no other process runs one on this store (first-run bootstrap). */
  exclusive<T>(name: string, action: () => Promise<T>): Promise<T>;
  close(): void;
};

// Writers in another process hold the lock for milliseconds; 5 s covers a busy batch flush.
const busyTimeoutMs = 5_000;

export function openStore(path: string): SqliteStore {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { create: true, strict: true });
  db.run(`pragma busy_timeout = ${busyTimeoutMs}`);
  db.run("pragma journal_mode = WAL");
  db.run("pragma synchronous = NORMAL");
  db.run("pragma foreign_keys = ON");
  migrate(db);
  return {
    engine: "sqlite",
    db,
    path,
    check: async () => checkDatabase(db),
    exclusive: (_name, action) => exclusively(db, action),
    close: () => db.close(),
  };
}

// --- internal ---

/** Inside one immediate transaction: another process waits (busy_timeout) until it ends. */
async function exclusively<T>(db: Database, action: () => Promise<T>): Promise<T> {
  db.run("begin immediate");
  try {
    const result = await action();
    db.run("commit");
    return result;
  } catch (error: unknown) {
    if (db.inTransaction) db.run("rollback");
    throw error;
  }
}

function checkDatabase(db: Database): StoreCheck {
  try {
    db.query("select 1").get();
    return { ok: true };
  } catch (error: unknown) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
