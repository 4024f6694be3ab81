// The trace repository on sqlite and on Postgres: round trips, listing order and filters,
// lookups by either id, retention and duplicate ids.

import { describe, expect, test } from "bun:test";
import { engines, useStores } from "../../support/stores.ts";
import { makeTrace } from "../observability/traces/make-trace.ts";

const stores = useStores();

const hour = 3_600_000;
const t0 = Date.UTC(2025, 0, 1);

describe.each(engines)("trace repository on %s", (engine) => {
  test("round-trips a trace with headers, bodies and the truncated flag", async () => {
    await using fresh = await stores.fresh(engine);
    const repository = fresh.repositories.traces;
    const trace = makeTrace({ truncated: true, session_id: "s1", model: null, provider: null });
    await repository.insertBatch([trace]);
    expect(await repository.get(trace.id)).toEqual(trace);
  });

  test("bodies handed over as UTF-8 bytes, small or large, read back as their text", async () => {
    await using fresh = await stores.fresh(engine);
    const repository = fresh.repositories.traces;
    const large = `data: {"delta":"é ✓"}\n\n`.repeat(300);
    const trace = makeTrace({ request_body: '{"q":"ünïcode"}', response_body: large });
    const encoder = new TextEncoder();
    await repository.insertBatch([
      {
        ...trace,
        request_body: encoder.encode('{"q":"ünïcode"}'),
        response_body: encoder.encode(large),
      },
    ]);
    expect(await repository.get(trace.id)).toEqual(trace);
  });

  test("keeps null headers and bodies null", async () => {
    await using fresh = await stores.fresh(engine);
    const repository = fresh.repositories.traces;
    const trace = makeTrace({
      request_headers: null,
      request_body: null,
      response_headers: null,
      response_body: null,
      response_text: null,
    });
    await repository.insertBatch([trace]);
    expect(await repository.get(trace.id)).toEqual(trace);
  });

  test("lists newest first without headers or bodies", async () => {
    await using fresh = await stores.fresh(engine);
    const repository = fresh.repositories.traces;
    const traces = [0, 2, 1].map((n) => makeTrace({ at: t0 + n * hour }));
    await repository.insertBatch(traces);
    const listed = await repository.list({});
    expect(listed.map((row) => row.at)).toEqual([t0 + 2 * hour, t0 + hour, t0]);
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(
      [
        "id",
        "request_id",
        "at",
        "method",
        "path",
        "model",
        "provider",
        "status",
        "duration_ms",
        "session_id",
        "truncated",
      ].sort(),
    );
    expect(listed[0]?.truncated).toBe(false);
  });

  test("lists since a time and up to a limit", async () => {
    await using fresh = await stores.fresh(engine);
    const repository = fresh.repositories.traces;
    await repository.insertBatch([0, 1, 2, 3].map((n) => makeTrace({ at: t0 + n * hour })));
    expect((await repository.list({ since: t0 + hour })).map((row) => row.at)).toEqual([
      t0 + 3 * hour,
      t0 + 2 * hour,
      t0 + hour,
    ]);
    expect((await repository.list({ limit: 2 })).map((row) => row.at)).toEqual([
      t0 + 3 * hour,
      t0 + 2 * hour,
    ]);
  });

  test("lists by model, provider and outcome", async () => {
    await using fresh = await stores.fresh(engine);
    const repository = fresh.repositories.traces;
    const failed = makeTrace({ at: t0 + 1, status: 502, model: "b", provider: "q" });
    await repository.insertBatch([makeTrace({ at: t0, model: "a", provider: "p" }), failed]);
    const ids = async (options: Parameters<typeof repository.list>[0]) =>
      (await repository.list(options)).map((row) => row.id);
    expect(await ids({ model: "b" })).toEqual([failed.id]);
    expect(await ids({ provider: "q", outcome: "error" })).toEqual([failed.id]);
    expect(await ids({ provider: "q", outcome: "ok" })).toEqual([]);
    expect(await ids({ outcome: "ok" })).toHaveLength(1);
  });

  test("lists everything when the limit is very large", async () => {
    await using fresh = await stores.fresh(engine);
    const repository = fresh.repositories.traces;
    await repository.insertBatch(Array.from({ length: 150 }, (_, n) => makeTrace({ at: t0 + n })));
    expect(await repository.list({})).toHaveLength(100);
    expect(await repository.list({ limit: Number.MAX_SAFE_INTEGER })).toHaveLength(150);
  });

  test("gets by trace id or by request id, and undefined for neither", async () => {
    await using fresh = await stores.fresh(engine);
    const repository = fresh.repositories.traces;
    const trace = makeTrace({ request_id: "req_lookup" });
    await repository.insertBatch([makeTrace(), trace]);
    expect((await repository.get(trace.id))?.request_id).toBe("req_lookup");
    expect((await repository.get("req_lookup"))?.id).toBe(trace.id);
    expect(await repository.get("trc_missing")).toBeUndefined();
  });

  test("deletes traces older than a time and says how many", async () => {
    await using fresh = await stores.fresh(engine);
    const repository = fresh.repositories.traces;
    await repository.insertBatch([0, 1, 2].map((n) => makeTrace({ at: t0 + n * hour })));
    expect(await repository.deleteOlderThan(t0 + hour)).toBe(1);
    expect((await repository.list({})).map((row) => row.at)).toEqual([t0 + 2 * hour, t0 + hour]);
    expect(await repository.deleteOlderThan(t0)).toBe(0);
  });

  test("skips a trace id already stored instead of failing the batch", async () => {
    await using fresh = await stores.fresh(engine);
    const repository = fresh.repositories.traces;
    const trace = makeTrace();
    await repository.insertBatch([trace]);
    await repository.insertBatch([trace, makeTrace()]);
    expect(await repository.list({})).toHaveLength(2);
  });

  test("inserts nothing for an empty batch", async () => {
    await using fresh = await stores.fresh(engine);
    const repository = fresh.repositories.traces;
    await repository.insertBatch([]);
    expect(await repository.list({})).toEqual([]);
  });
});
