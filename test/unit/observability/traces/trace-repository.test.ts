import { describe, expect, test } from "bun:test";
import { makeTrace, memoryTraceStore } from "./make-trace.ts";

const hour = 3_600_000;
const t0 = Date.UTC(2025, 0, 1);

describe("trace repository", () => {
  test("round-trips a trace with headers, bodies and the truncated flag", () => {
    const { repository } = memoryTraceStore();
    const trace = makeTrace({ truncated: true, session_id: "s1", model: null, provider: null });
    repository.insertBatch([trace]);
    expect(repository.get(trace.id)).toEqual(trace);
  });

  test("keeps null headers and bodies null", () => {
    const { repository } = memoryTraceStore();
    const trace = makeTrace({
      request_headers: null,
      request_body: null,
      response_headers: null,
      response_body: null,
      response_text: null,
    });
    repository.insertBatch([trace]);
    expect(repository.get(trace.id)).toEqual(trace);
  });

  test("lists newest first without headers or bodies", () => {
    const { repository } = memoryTraceStore();
    const traces = [0, 2, 1].map((n) => makeTrace({ at: t0 + n * hour }));
    repository.insertBatch(traces);
    const listed = repository.list({});
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

  test("lists since a time and up to a limit", () => {
    const { repository } = memoryTraceStore();
    repository.insertBatch([0, 1, 2, 3].map((n) => makeTrace({ at: t0 + n * hour })));
    expect(repository.list({ since: t0 + hour }).map((row) => row.at)).toEqual([
      t0 + 3 * hour,
      t0 + 2 * hour,
      t0 + hour,
    ]);
    expect(repository.list({ limit: 2 }).map((row) => row.at)).toEqual([
      t0 + 3 * hour,
      t0 + 2 * hour,
    ]);
  });

  test("lists everything when the limit is very large", () => {
    const { repository } = memoryTraceStore();
    repository.insertBatch(Array.from({ length: 150 }, (_, n) => makeTrace({ at: t0 + n })));
    expect(repository.list({})).toHaveLength(100);
    expect(repository.list({ limit: Number.MAX_SAFE_INTEGER })).toHaveLength(150);
  });

  test("gets by trace id or by request id, and undefined for neither", () => {
    const { repository } = memoryTraceStore();
    const trace = makeTrace({ request_id: "req_lookup" });
    repository.insertBatch([makeTrace(), trace]);
    expect(repository.get(trace.id)?.request_id).toBe("req_lookup");
    expect(repository.get("req_lookup")?.id).toBe(trace.id);
    expect(repository.get("trc_missing")).toBeUndefined();
  });

  test("deletes traces older than a time and says how many", () => {
    const { repository } = memoryTraceStore();
    repository.insertBatch([0, 1, 2].map((n) => makeTrace({ at: t0 + n * hour })));
    expect(repository.deleteOlderThan(t0 + hour)).toBe(1);
    expect(repository.list({}).map((row) => row.at)).toEqual([t0 + 2 * hour, t0 + hour]);
    expect(repository.deleteOlderThan(t0)).toBe(0);
  });

  test("skips a trace id already stored instead of failing the batch", () => {
    const { repository } = memoryTraceStore();
    const trace = makeTrace();
    repository.insertBatch([trace]);
    repository.insertBatch([trace, makeTrace()]);
    expect(repository.list({})).toHaveLength(2);
  });

  test("inserts nothing for an empty batch", () => {
    const { repository } = memoryTraceStore();
    repository.insertBatch([]);
    expect(repository.list({})).toEqual([]);
  });
});
