// The storage part: the store and its repositories. It lives as long as the process: storage.*
// needs a restart, so a reload keeps this part as it is.

import type { Database } from "bun:sqlite";
import type { Config } from "../config/index.ts";
import {
  createRepositories,
  openStore,
  type Repositories,
  type Store,
  type StoreCheck,
} from "../store/index.ts";

export type StoragePart = {
  /** The repositories when `config` keeps data in a store (opened on the first need), else none. */
  repositoriesFor(config: Config): Repositories | undefined;
  /** The database itself (the sqlite cache backend keeps its entries there). */
  databaseFor(config: Config): Database | undefined;
  /** `select 1`, for /ready; undefined while no store is open. */
  check(): Promise<StoreCheck> | undefined;
  close(): Promise<void>;
};

export function createStoragePart(
  storage: Config["storage"],
  given: Store | undefined,
): StoragePart {
  let store = given;
  let repositories: Repositories | undefined;
  const open = (): Repositories => {
    if (store === undefined && storage.url !== undefined) {
      // Postgres connects and migrates asynchronously: the caller opens it (connectStore)
      throw new Error("storage.url: the Postgres store must be opened before the app is made");
    }
    store ??= openStore(storage.path);
    repositories ??= createRepositories(store);
    return repositories;
  };
  return {
    repositoriesFor: (config) => (needsStore(config) ? open() : undefined),
    databaseFor(config) {
      if (!needsStore(config)) return undefined;
      open();
      return store?.engine === "sqlite" ? store.db : undefined;
    },
    check: () => store?.check(),
    async close() {
      if (given === undefined) await store?.close();
    },
  };
}

/** Whether anything configured keeps its data in the store. */
export function needsStore(config: Config): boolean {
  return (
    config.auth.mode === "tokens" ||
    config.auth.admin_key !== "" ||
    config.usage.enabled ||
    tracesGoToSqlite(config) ||
    (config.cache.enabled && config.cache.backend === "sqlite")
  );
}

export function tracesGoToSqlite(config: Config): boolean {
  return config.traces.enabled && config.traces.sink !== "jsonl";
}
