// Writes traces to sqlite and/or daily JSONL files off the hot path: buffered, flushed on a
// timer, each sink retried independently after a failure, bounded, and pruned by retention.

import { type Clock, createSerialTask } from "../../shared/index.ts";
import type { NewTrace, TraceRepository } from "../../store/index.ts";
import { appendTraces, pruneTraceFiles, type SinkResult } from "./jsonl-sink.ts";

export type TraceSinks = {
  sqlite: TraceRepository | undefined;
  jsonlDirectory: string | undefined;
};

export type TraceWriter = {
  /** Buffers a trace; never throws and does no I/O. */
  write(trace: NewTrace): void;
  /** Writes what is buffered to every sink; one flush at a time. */
  flush(): Promise<void>;
  /** Deletes rows and daily files older than `now - retentionMs`. */
  prune(now: number): Promise<void>;
  /** Traces not yet written to every sink. */
  backlog(): number;
  /** Traces given up on because the backlog hit maxBacklog while a sink kept failing. */
  dropped(): number;
  /** Stops the timers and flushes what is left. */
  close(): Promise<void>;
};

export type TraceWriterOptions = {
  sinks: TraceSinks;
  retentionMs: number;
  clock: Clock;
  onError(error: unknown): void;
  flushIntervalMs?: number;
  pruneIntervalMs?: number;
  /**
   * Traces kept while a sink is failing before the oldest are dropped (and counted); it may run
   * a tenth past this before it is cut back.
   */
  maxBacklog?: number;
};

export function createTraceWriter(options: TraceWriterOptions): TraceWriter {
  const { sinks, retentionMs, clock } = options;
  const maxBacklog = options.maxBacklog ?? 10_000;
  // the backlog is cut back to maxBacklog once it is this far past it: one splice per many
  // writes, not a shift of ten thousand entries on every request while a sink is failing
  const trimAfter = maxBacklog + Math.max(1, Math.floor(maxBacklog / 10));
  const writers = sinkWriters(sinks);
  const allSinks = (1 << writers.length) - 1;
  let pending: Pending[] = [];
  let droppedCount = 0;

  const report = (error: unknown): void => {
    try {
      options.onError(error);
    } catch {
      // the error handler failing must not take the writer down with it
    }
  };

  const flush = createSerialTask(async () => {
    for (const [index, writeBatch] of writers.entries()) {
      const bit = 1 << index;
      const batch = pending.filter((item) => (item.sinks & bit) !== 0);
      if (batch.length === 0) continue;
      const result = await writeBatch(batch.map((item) => item.trace));
      const unwritten = new Set(result.unwritten);
      for (const item of batch) if (!unwritten.has(item.trace)) item.sinks &= ~bit;
      for (const error of result.errors) report(error);
    }
    pending = pending.filter((item) => item.sinks !== 0);
  });

  const prune = async (now: number): Promise<void> => {
    if (!Number.isFinite(retentionMs)) return;
    const cutoff = now - retentionMs;
    // the files go at once (a start prunes before it serves); the rows as the store answers
    const rows = sinks.sqlite?.deleteOlderThan(cutoff);
    if (sinks.jsonlDirectory !== undefined) {
      for (const error of pruneTraceFiles(sinks.jsonlDirectory, cutoff)) report(error);
    }
    try {
      await rows;
    } catch (error: unknown) {
      report(error);
    }
  };

  const flushTimer = setInterval(() => void flush(), options.flushIntervalMs ?? 200);
  flushTimer.unref();
  const pruneTimer = setInterval(
    () => void prune(clock.now()),
    options.pruneIntervalMs ?? 3_600_000,
  );
  pruneTimer.unref();

  return {
    write(trace) {
      if (allSinks === 0) return;
      pending.push({ trace, sinks: allSinks });
      if (pending.length >= trimAfter) {
        const excess = pending.length - maxBacklog;
        pending.splice(0, excess);
        droppedCount += excess;
      }
    },
    flush,
    prune,
    backlog: () => pending.length,
    dropped: () => droppedCount,
    close() {
      clearInterval(flushTimer);
      clearInterval(pruneTimer);
      return flush();
    },
  };
}

// --- internal ---

/** A buffered trace and the bit set of sinks it has yet to reach. */
type Pending = { trace: NewTrace; sinks: number };

type SinkWriter = (traces: readonly NewTrace[]) => SinkResult | Promise<SinkResult>;

function sinkWriters(sinks: TraceSinks): SinkWriter[] {
  const writers: SinkWriter[] = [];
  const repository = sinks.sqlite;
  if (repository !== undefined) {
    writers.push(async (traces) => {
      try {
        await repository.insertBatch(traces);
        return { unwritten: [], errors: [] };
      } catch (error: unknown) {
        return { unwritten: traces, errors: [error] };
      }
    });
  }
  const directory = sinks.jsonlDirectory;
  if (directory !== undefined) writers.push((traces) => appendTraces(directory, traces));
  return writers;
}
