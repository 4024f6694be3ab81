// The JSONL trace sink: one JSON object per line in traces-YYYY-MM-DD.jsonl (UTC day of `at`),
// so files rotate daily and retention deletes whole days.

import { appendFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { bodyText, type NewTrace } from "../../store/index.ts";

export type SinkResult = {
  /** Traces that were not written and should be retried. */
  unwritten: readonly NewTrace[];
  errors: unknown[];
};

export function traceFileName(at: number): string {
  return `traces-${utcDay(at)}.jsonl`;
}

/** Appends each trace to its day's file; a file that fails leaves only its traces unwritten. */
export function appendTraces(directory: string, traces: readonly NewTrace[]): SinkResult {
  try {
    mkdirSync(directory, { recursive: true });
  } catch (error: unknown) {
    return { unwritten: traces, errors: [error] };
  }
  const unwritten: NewTrace[] = [];
  const errors: unknown[] = [];
  for (const [file, group] of groupByFile(traces)) {
    try {
      appendFileSync(join(directory, file), group.map(toLine).join(""));
    } catch (error: unknown) {
      unwritten.push(...group);
      errors.push(error);
    }
  }
  return { unwritten, errors };
}

/** Deletes trace files whose day is before the UTC day of `cutoff`; returns the errors met. */
export function pruneTraceFiles(directory: string, cutoff: number): unknown[] {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch (error: unknown) {
    return isMissing(error) ? [] : [error];
  }
  const oldestKept = utcDay(cutoff);
  const errors: unknown[] = [];
  for (const name of names) {
    const day = traceFilePattern.exec(name)?.[1];
    if (day === undefined || day >= oldestKept) continue;
    try {
      rmSync(join(directory, name), { force: true });
    } catch (error: unknown) {
      errors.push(error);
    }
  }
  return errors;
}

// --- internal ---

const traceFilePattern = /^traces-(\d{4}-\d{2}-\d{2})\.jsonl$/;

function utcDay(at: number): string {
  const date = new Date(at);
  // an invalid time still gets a file rather than failing the whole batch forever
  return Number.isNaN(date.getTime()) ? "0000-00-00" : date.toISOString().slice(0, 10);
}

function groupByFile(traces: readonly NewTrace[]): Map<string, NewTrace[]> {
  const groups = new Map<string, NewTrace[]>();
  for (const trace of traces) {
    const file = traceFileName(trace.at);
    const group = groups.get(file);
    if (group === undefined) groups.set(file, [trace]);
    else group.push(trace);
  }
  return groups;
}

function toLine(trace: NewTrace): string {
  const line = {
    ...trace,
    request_body: bodyText(trace.request_body),
    response_body: bodyText(trace.response_body),
  };
  return `${JSON.stringify(line)}\n`;
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}
