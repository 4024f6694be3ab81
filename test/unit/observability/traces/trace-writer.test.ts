import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createTraceWriter,
  type TraceSinks,
  type TraceWriter,
} from "../../../../src/observability/traces/index.ts";
import type { TraceRecord, TraceRepository } from "../../../../src/store/traces.ts";
import { manualClock } from "../../../support/manual-clock.ts";
import { makeTrace, memoryTraceStore } from "./make-trace.ts";

const day = 86_400_000;
const start = Date.UTC(2025, 2, 10, 23, 59, 59); // one second before midnight UTC

let directory: string;
let writers: TraceWriter[];
let errors: unknown[];

beforeEach(() => {
  directory = join(mkdtempSync(join(tmpdir(), "llm-proxy-traces-")), "traces");
  writers = [];
  errors = [];
});

afterEach(() => {
  for (const writer of writers) writer.close();
  rmSync(join(directory, ".."), { recursive: true, force: true });
});

function writerFor(sinks: Partial<TraceSinks>, options: { maxBacklog?: number } = {}) {
  const clock = manualClock(start);
  const writer = createTraceWriter({
    sinks: { sqlite: undefined, jsonlDirectory: undefined, ...sinks },
    retentionMs: 7 * day,
    clock,
    onError: (error) => errors.push(error),
    flushIntervalMs: 60_000,
    ...options,
  });
  writers.push(writer);
  return { writer, clock };
}

async function readLines(file: string): Promise<TraceRecord[]> {
  const text = await Bun.file(join(directory, file)).text();
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as TraceRecord);
}

/** A repository that fails while `failing` is set, then writes to a real in-memory store. */
function flakyRepository(): {
  repository: TraceRepository;
  real: TraceRepository;
  fail(on: boolean): void;
} {
  const { repository: real } = memoryTraceStore();
  let failing = false;
  return {
    real,
    fail: (on) => {
      failing = on;
    },
    repository: {
      ...real,
      async insertBatch(traces) {
        if (failing) throw new Error("database is locked");
        await real.insertBatch(traces);
      },
    },
  };
}

describe("trace writer", () => {
  test("buffers writes and sends them to both sinks on flush", async () => {
    const { repository } = memoryTraceStore();
    const { writer, clock } = writerFor({ sqlite: repository, jsonlDirectory: directory });
    const trace = makeTrace({ at: clock.now() });
    writer.write(trace);
    expect(writer.backlog()).toBe(1);
    expect(existsSync(directory)).toBe(false);

    await writer.flush();
    expect(writer.backlog()).toBe(0);
    expect(await repository.get(trace.id)).toEqual(trace);
    expect(await readLines("traces-2025-03-10.jsonl")).toEqual([trace]);
    expect(errors).toEqual([]);
  });

  test("rotates the JSONL file at the UTC day boundary", async () => {
    const { writer, clock } = writerFor({ jsonlDirectory: directory });
    const before = makeTrace({ at: clock.now() });
    writer.write(before);
    await writer.flush();
    clock.advance(1000);
    const after = [makeTrace({ at: clock.now() }), makeTrace({ at: clock.now() + 5 })];
    for (const trace of after) writer.write(trace);
    await writer.flush();

    expect(readdirSync(directory).sort()).toEqual([
      "traces-2025-03-10.jsonl",
      "traces-2025-03-11.jsonl",
    ]);
    expect(await readLines("traces-2025-03-10.jsonl")).toEqual([before]);
    expect(await readLines("traces-2025-03-11.jsonl")).toEqual(after);
  });

  test("appends to the day's file across flushes", async () => {
    const { writer, clock } = writerFor({ jsonlDirectory: directory });
    const traces = [makeTrace({ at: clock.now() }), makeTrace({ at: clock.now() })];
    writer.write(traces[0] as TraceRecord);
    await writer.flush();
    writer.write(traces[1] as TraceRecord);
    await writer.flush();
    expect(await readLines("traces-2025-03-10.jsonl")).toEqual(traces);
  });

  test("prunes rows and day files older than the retention period", async () => {
    const { repository } = memoryTraceStore();
    const { writer, clock } = writerFor({ sqlite: repository, jsonlDirectory: directory });
    const old = makeTrace({ at: clock.now() - 8 * day });
    const edge = makeTrace({ at: clock.now() - 7 * day - 1000 });
    const recent = makeTrace({ at: clock.now() - day });
    for (const trace of [old, edge, recent]) writer.write(trace);
    await writer.flush();
    writeFileSync(join(directory, "notes.txt"), "not a trace file");
    expect(readdirSync(directory)).toHaveLength(4);

    await writer.prune(clock.now());

    // the cutoff is 2025-03-03T23:59:59Z, so the 03-03 file still holds retained rows' day
    expect(readdirSync(directory).sort()).toEqual([
      "notes.txt",
      "traces-2025-03-03.jsonl",
      "traces-2025-03-09.jsonl",
    ]);
    expect((await repository.list({})).map((row) => row.id)).toEqual([recent.id]);
    expect(await repository.get(edge.id)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  test("pruning a directory that does not exist yet is not an error", async () => {
    const { writer, clock } = writerFor({ jsonlDirectory: directory });
    await writer.prune(clock.now());
    expect(errors).toEqual([]);
  });

  test("retries a failing repository and lands the rows after it recovers", async () => {
    const flaky = flakyRepository();
    const { writer, clock } = writerFor({ sqlite: flaky.repository, jsonlDirectory: directory });
    flaky.fail(true);
    const first = makeTrace({ at: clock.now() });
    writer.write(first);
    await writer.flush();
    expect(errors).toHaveLength(1);
    expect(writer.backlog()).toBe(1);
    // the JSONL sink succeeded and is not written twice on the retry
    expect(readdirSync(directory)).toEqual(["traces-2025-03-10.jsonl"]);

    const second = makeTrace({ at: clock.now() });
    writer.write(second);
    await writer.flush();
    expect(errors).toHaveLength(2);
    expect(writer.backlog()).toBe(2);

    flaky.fail(false);
    await writer.flush();
    expect(writer.backlog()).toBe(0);
    expect((await flaky.real.list({})).map((row) => row.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );
    expect(errors).toHaveLength(2);
  });

  test("retries a failing JSONL directory without duplicating rows", async () => {
    const { repository } = memoryTraceStore();
    const { writer, clock } = writerFor({ sqlite: repository, jsonlDirectory: directory });
    writeFileSync(directory, "a file where the directory should be");
    const trace = makeTrace({ at: clock.now() });
    writer.write(trace);
    await writer.flush();
    expect(errors).toHaveLength(1);
    expect(await repository.list({})).toHaveLength(1);

    rmSync(directory);
    await writer.flush();
    expect(writer.backlog()).toBe(0);
    expect(await repository.list({})).toHaveLength(1);
    expect(await readLines("traces-2025-03-10.jsonl")).toEqual([trace]);
  });

  test("bounds the backlog while a sink fails and counts the drops", async () => {
    const flaky = flakyRepository();
    const { writer, clock } = writerFor({ sqlite: flaky.repository }, { maxBacklog: 3 });
    flaky.fail(true);
    const traces = [1, 2, 3, 4, 5].map(() => makeTrace({ at: clock.now() }));
    for (const trace of traces) writer.write(trace);
    expect(writer.backlog()).toBe(3);
    expect(writer.dropped()).toBe(2);

    flaky.fail(false);
    await writer.flush();
    expect((await flaky.real.list({})).map((row) => row.id).sort()).toEqual(
      traces.slice(2).map((trace) => trace.id),
    );
  });

  test("a large backlog is cut back in steps, keeping the newest", async () => {
    const flaky = flakyRepository();
    const { writer, clock } = writerFor({ sqlite: flaky.repository }, { maxBacklog: 100 });
    flaky.fail(true);
    const traces = Array.from({ length: 250 }, () => makeTrace({ at: clock.now() }));
    for (const trace of traces) {
      writer.write(trace);
      // never more than a tenth past the bound
      expect(writer.backlog()).toBeLessThanOrEqual(110);
    }
    expect(writer.backlog() + writer.dropped()).toBe(250);
    flaky.fail(false);
    await writer.flush();
    const written = (await flaky.real.list({ limit: 1000 })).map((row) => row.id).sort();
    expect(written).toEqual(
      traces
        .slice(250 - written.length)
        .map((trace) => trace.id)
        .sort(),
    );
    expect(written.length).toBeGreaterThanOrEqual(100);
  });

  test("write never throws, even when the error handler does", async () => {
    const flaky = flakyRepository();
    flaky.fail(true);
    const writer = createTraceWriter({
      sinks: { sqlite: flaky.repository, jsonlDirectory: undefined },
      retentionMs: day,
      clock: manualClock(start),
      onError: () => {
        throw new Error("handler broke");
      },
    });
    writers.push(writer);
    writer.write(makeTrace());
    await writer.flush();
    expect(writer.backlog()).toBe(1);
  });

  test("close flushes what is buffered", async () => {
    const { repository } = memoryTraceStore();
    const { writer, clock } = writerFor({ sqlite: repository, jsonlDirectory: directory });
    const trace = makeTrace({ at: clock.now() });
    writer.write(trace);
    await writer.close();
    expect(await repository.get(trace.id)).toEqual(trace);
    expect(await readLines("traces-2025-03-10.jsonl")).toEqual([trace]);
  });

  test("flushes on its own timer", async () => {
    const { repository } = memoryTraceStore();
    const writer = createTraceWriter({
      sinks: { sqlite: repository, jsonlDirectory: undefined },
      retentionMs: day,
      clock: manualClock(start),
      onError: (error) => errors.push(error),
      flushIntervalMs: 5,
    });
    writers.push(writer);
    writer.write(makeTrace());
    await Bun.sleep(30);
    expect(writer.backlog()).toBe(0);
    expect(await repository.list({})).toHaveLength(1);
  });

  test("with no sinks it buffers nothing", async () => {
    const { writer } = writerFor({});
    writer.write(makeTrace());
    expect(writer.backlog()).toBe(0);
    await writer.flush();
    await writer.prune(start);
    expect(errors).toEqual([]);
    mkdirSync(directory, { recursive: true });
  });
});
