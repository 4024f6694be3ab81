import { expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProjectRepository, openStore } from "../../../src/store/index.ts";

test("ensure creates a project once; a second connection racing for it gets the same row", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "llmp-projects-")), "proxy.db");
  const first = openStore(path);
  const second = openStore(path);
  const a = createProjectRepository(first.db);
  const b = createProjectRepository(second.db);
  // b has already prepared its statements and looked the name up, as a racing CLI would have
  expect(await b.find("team")).toBeUndefined();
  const made = await a.ensure("team", 1);
  const raced = await b.ensure("team", 2);
  expect(made.created).toBe(true);
  expect(raced).toEqual({ project: made.project, created: false });
  expect(await a.list()).toHaveLength(1);
  first.close();
  second.close();
});
