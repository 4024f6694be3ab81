// The store a config names: Postgres at storage.url (shared by every instance), else the sqlite
// file at storage.path. Either is opened and migrated before it is handed out.

import type { StorageConfig } from "../config/index.ts";
import { openStore, type SqliteStore } from "./database.ts";
import { openPostgresStore, type PostgresOptions, type PostgresStore } from "./postgres/connect.ts";

export type Store = SqliteStore | PostgresStore;

export async function connectStore(
  storage: StorageConfig,
  options: PostgresOptions = {},
): Promise<Store> {
  if (storage.url !== undefined) return openPostgresStore(storage.url, options);
  return openStore(storage.path);
}
