// Writes usage records to the store off the hot path: buffered, one transaction per flush (every
// 200 ms or 500 records), retried after a failure, and flushed on close so nothing is lost on
// shutdown.

import { createSerialTask } from "../shared/index.ts";
import type { UsageRecord, UsageRepository } from "../store/index.ts";
import type { Observer } from "./events.ts";

export type UsageWriter = {
  observer: Observer;
  /** Records waiting to be written. */
  backlog(): number;
  /** Records given up on because the backlog hit its bound while the store kept failing. */
  dropped(): number;
  /** Writes what is buffered; one write at a time, a failed batch kept for the next. */
  flush(): Promise<void>;
  /** Stops the timer and writes everything left. */
  close(): Promise<void>;
};

export type UsageWriterOptions = {
  repository: UsageRepository;
  onWriteError: (error: unknown, backlog: number) => void;
  flushIntervalMs?: number;
  batchSize?: number;
  /** Records kept while the store is failing before the oldest are dropped (and counted). */
  maxBacklog?: number;
};

export function createUsageWriter(options: UsageWriterOptions): UsageWriter {
  const batchSize = options.batchSize ?? 500;
  const maxBacklog = options.maxBacklog ?? 100_000;
  let buffer: UsageRecord[] = [];
  let droppedCount = 0;

  let writing = 0;
  const write = async (): Promise<void> => {
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    writing = batch.length;
    try {
      await options.repository.insertBatch(batch);
    } catch (error: unknown) {
      // put them back in front and try again on the next flush
      buffer = batch.concat(buffer);
      if (buffer.length > maxBacklog) {
        droppedCount += buffer.length - maxBacklog;
        buffer = buffer.slice(buffer.length - maxBacklog);
      }
      options.onWriteError(error, buffer.length);
    } finally {
      writing = 0;
    }
  };
  const flush = createSerialTask(write);
  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 200);
  timer.unref();

  return {
    observer(event) {
      if (event.type !== "response_finished") return;
      buffer.push(event.record);
      if (buffer.length >= batchSize) void flush();
    },
    backlog: () => buffer.length + writing,
    dropped: () => droppedCount,
    flush,
    close() {
      clearInterval(timer);
      return flush();
    },
  };
}
