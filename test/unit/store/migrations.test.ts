// One migration history for both engines: every version has a Postgres text, and Postgres stores
// opened at the same moment migrate once, under the advisory lock, without racing.

import { expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPostgresStore, openStore } from "../../../src/store/index.ts";
import { migrations, schemaVersion } from "../../../src/store/migrations.ts";
import { useStores } from "../../support/stores.ts";

const stores = useStores();

test("each numbered migration has a sqlite and a Postgres text", () => {
  expect(migrations).toHaveLength(schemaVersion);
  for (const migration of migrations) {
    expect(migration.sqlite.trim().length).toBeGreaterThan(0);
    expect(migration.postgres.trim().length).toBeGreaterThan(0);
  }
});

test("four instances starting at once on one Postgres migrate it exactly once", async () => {
  const url = await stores.postgresUrl();
  const opened = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(url)));
  try {
    const [first] = opened;
    if (!first) throw new Error("no store");
    const rows: { version: number }[] =
      await first.sql`select version from schema_migrations order by version`;
    expect(rows.map((row) => Number(row.version))).toEqual(
      Array.from({ length: schemaVersion }, (_, index) => index + 1),
    );
    // every instance sees the whole schema
    for (const store of opened) expect(await store.check()).toEqual({ ok: true });
  } finally {
    await Promise.all(opened.map((store) => store.close()));
  }
});

test("a store newer than this binary is refused on both engines", async () => {
  const url = await stores.postgresUrl();
  const postgres = await openPostgresStore(url);
  await postgres.sql`insert into schema_migrations (version) values (${schemaVersion + 1})`;
  await postgres.close();
  await expect(openPostgresStore(url)).rejects.toThrow(/newer than this llm-proxy understands/);
  const path = join(mkdtempSync(join(tmpdir(), "llmp-newer-")), "proxy.db");
  const sqlite = openStore(path);
  sqlite.db.run(`pragma user_version = ${schemaVersion + 1}`);
  sqlite.close();
  expect(() => openStore(path)).toThrow(/newer than this llm-proxy understands/);
});
