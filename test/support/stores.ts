// Fresh stores of both engines for tests that run once per engine: sqlite in a temp file, and a
// database of its own on this test file's private Postgres server (started on first use,
// stopped after the file's last test).

import { afterAll } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createRepositories,
  openPostgresStore,
  openStore,
  type Repositories,
  type Store,
} from "../../src/store/index.ts";
import { type PostgresServer, startPostgres } from "./postgres-server.ts";

export const engines = ["sqlite", "postgres"] as const;
export type Engine = (typeof engines)[number];

export type TestStore = {
  store: Store;
  repositories: Repositories;
  /** Another connection (another process, as far as the store can tell) to the same store. */
  reopen(): Promise<Store>;
  [Symbol.asyncDispose](): Promise<void>;
};

export type TestStores = {
  /** An empty, migrated store of `engine`. */
  fresh(engine: Engine): Promise<TestStore>;
  /** The URL of a new empty Postgres database (not migrated). */
  postgresUrl(): Promise<string>;
};

/** Call once at the top of a test file. */
export function useStores(): TestStores {
  let server: Promise<PostgresServer> | undefined;
  let template: Promise<void> | undefined;
  afterAll(async () => {
    if (server) await (await server)[Symbol.asyncDispose]();
  });
  const postgres = () => {
    server ??= startPostgres();
    return server;
  };
  const postgresUrl = async () => (await postgres()).createDatabase();
  // migrated once into a template, then copied: a copy takes milliseconds, a migration more
  const migratedUrl = async () => {
    const pg = await postgres();
    template ??= pg
      .createDatabase({ name: "migrated" })
      .then(openPostgresStore)
      .then((store) => store.close());
    await template;
    return pg.createDatabase({ template: "migrated" });
  };
  return {
    postgresUrl,
    async fresh(engine) {
      const location =
        engine === "sqlite"
          ? join(mkdtempSync(join(tmpdir(), "llmp-store-")), "proxy.db")
          : await migratedUrl();
      const open = async (): Promise<Store> =>
        engine === "sqlite" ? openStore(location) : openPostgresStore(location);
      const opened: Store[] = [await open()];
      const [store] = opened as [Store];
      return {
        store,
        repositories: createRepositories(store),
        async reopen() {
          const another = await open();
          opened.push(another);
          return another;
        },
        [Symbol.asyncDispose]: async () => {
          for (const each of opened) await each.close();
        },
      };
    },
  };
}
