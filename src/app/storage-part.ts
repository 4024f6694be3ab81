// The storage part: the store (sqlite at storage.path) and its repositories. It lives as long as
// the process: storage.* needs a restart, so a reload keeps this part as it is.

import type { Database } from "bun:sqlite";
import type { Config } from "../config/index.ts";
import {
  createAuditRepository,
  createBudgetRepository,
  createProjectRepository,
  createTokenRepository,
  createTraceRepository,
  createUsageRepository,
  openStore,
  type Store,
} from "../store/index.ts";

export type Repositories = {
  projects: ReturnType<typeof createProjectRepository>;
  tokens: ReturnType<typeof createTokenRepository>;
  budgets: ReturnType<typeof createBudgetRepository>;
  audit: ReturnType<typeof createAuditRepository>;
  usage: ReturnType<typeof createUsageRepository>;
  traces: ReturnType<typeof createTraceRepository>;
};

export type StoragePart = {
  /** The repositories when `config` keeps data in a store (opened on the first need), else none. */
  repositoriesFor(config: Config): Repositories | undefined;
  /** The database itself (the sqlite cache backend keeps its entries there). */
  databaseFor(config: Config): Database | undefined;
  /** `select 1`, for /ready; undefined while no store is open. */
  check(): Promise<{ ok: boolean; error?: string }> | undefined;
  close(): void;
};

export function createStoragePart(
  storage: Config["storage"],
  given: Store | undefined,
): StoragePart {
  let store = given;
  let repositories: Repositories | undefined;
  const open = (): Repositories => {
    store ??= openStore(storage.path);
    repositories ??= repositoriesOf(store);
    return repositories;
  };
  return {
    repositoriesFor: (config) => (needsStore(config) ? open() : undefined),
    databaseFor(config) {
      if (!needsStore(config)) return undefined;
      open();
      return store?.db;
    },
    check: () => (store ? Promise.resolve(checkStore(store)) : undefined),
    close() {
      if (given === undefined) store?.close();
    },
  };
}

/** Whether anything configured keeps its data in the store (storage.path). */
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

// --- internal ---

function repositoriesOf(store: Store): Repositories {
  return {
    projects: createProjectRepository(store.db),
    tokens: createTokenRepository(store.db),
    budgets: createBudgetRepository(store.db),
    audit: createAuditRepository(store.db),
    usage: createUsageRepository(store.db),
    traces: createTraceRepository(store.db),
  };
}

function checkStore(store: Store): { ok: boolean; error?: string } {
  try {
    store.db.query("select 1").get();
    return { ok: true };
  } catch (error: unknown) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
