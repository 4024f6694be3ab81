// Opens the sqlite store: WAL so the CLI and a running server can share it, a busy timeout so
// their writes wait for each other instead of failing, then brings the schema up to date.

import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { migrate } from "./migrations.ts";

export type Store = { db: Database; path: string; close(): void };

// Writers in another process hold the lock for milliseconds; 5 s covers a busy batch flush.
const busyTimeoutMs = 5_000;

export function openStore(path: string): Store {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { create: true, strict: true });
  db.run(`pragma busy_timeout = ${busyTimeoutMs}`);
  db.run("pragma journal_mode = WAL");
  db.run("pragma synchronous = NORMAL");
  db.run("pragma foreign_keys = ON");
  migrate(db);
  return { db, path, close: () => db.close() };
}
