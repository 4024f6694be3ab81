// The token and audit repositories on sqlite and on Postgres: a token's row round-trips, is
// found by hash or id, listed by project, revoked once, changed field by field, and its usage
// counters add up; audit events come back newest first with their details.

import { describe, expect, test } from "bun:test";
import type { NewToken } from "../../../src/store/index.ts";
import { engines, useStores } from "../../support/stores.ts";

const stores = useStores();

function newToken(id: string, projectId: string, extra: Partial<NewToken> = {}): NewToken {
  return {
    id,
    hash: `hash-${id}`,
    prefix: "sk-llmp-abcd",
    project_id: projectId,
    name: "",
    created_at: 1_000,
    expires_at: null,
    max_requests: null,
    models: null,
    rpm: null,
    tpm: null,
    ...extra,
  };
}

describe.each(engines)("%s", (engine) => {
  test("a token round-trips and is found by hash, by id and by project", async () => {
    await using fresh = await stores.fresh(engine);
    const { projects, tokens } = fresh.repositories;
    const project = await projects.create("p", 1);
    const other = await projects.create("q", 1);
    const limits = { max_requests: 9_000_000_000, models: ["gpt-*"], rpm: 10, tpm: 2_000 };
    const budget = { usd: 2.5, period: "1d" as const, set_at: 5 };
    const inserted = await tokens.insert(newToken("tok_a", project.id, { ...limits, budget }));
    await tokens.insert(newToken("tok_b", other.id, { created_at: 2_000 }));
    expect(inserted).toMatchObject({ ...limits, budget, request_count: 0, revoked_at: null });
    expect(await tokens.findByHash("hash-tok_a")).toEqual(inserted);
    expect(await tokens.find("tok_a")).toEqual(inserted);
    expect(await tokens.findByHash("nope")).toBeUndefined();
    expect((await tokens.list()).map((token) => token.id)).toEqual(["tok_a", "tok_b"]);
    expect((await tokens.list(other.id)).map((token) => token.id)).toEqual(["tok_b"]);
  });

  test("revoke happens once; update changes only the fields given; use adds up", async () => {
    await using fresh = await stores.fresh(engine);
    const { projects, tokens } = fresh.repositories;
    const project = await projects.create("p", 1);
    await tokens.insert(newToken("tok_a", project.id, { rpm: 5, name: "old" }));
    expect(await tokens.update("tok_a", { name: "new", tpm: 100 })).toMatchObject({
      name: "new",
      rpm: 5,
      tpm: 100,
    });
    expect(await tokens.update("tok_a", { rpm: null, models: ["a*"] })).toMatchObject({
      name: "new",
      rpm: null,
      models: ["a*"],
    });
    expect(await tokens.update("tok_missing", { name: "x" })).toBeUndefined();
    await tokens.recordUse([{ id: "tok_a", requests: 2, last_used_at: 50 }]);
    await tokens.recordUse([{ id: "tok_a", requests: 3, last_used_at: 40 }]);
    expect(await tokens.find("tok_a")).toMatchObject({ request_count: 5, last_used_at: 50 });
    expect(await tokens.revoke("tok_a", 60)).toBe(true);
    expect(await tokens.revoke("tok_a", 70)).toBe(false);
    expect((await tokens.find("tok_a"))?.revoked_at).toBe(60);
  });

  test("audit events come back newest first, since a time, with their details", async () => {
    await using fresh = await stores.fresh(engine);
    const { audit } = fresh.repositories;
    await audit.record({ at: 10, actor: "cli", action: "a", target: "x", details: null });
    await audit.record({ at: 20, actor: "admin", action: "b", target: "y", details: { n: 1 } });
    await audit.record({ at: 30, actor: "system", action: "c", target: "z", details: null });
    const events = await audit.list({ since: 15 });
    expect(events.map(({ at, actor, action, details }) => [at, actor, action, details])).toEqual([
      [30, "system", "c", null],
      [20, "admin", "b", { n: 1 }],
    ]);
    expect(await audit.list({ limit: 1 })).toHaveLength(1);
  });
});
