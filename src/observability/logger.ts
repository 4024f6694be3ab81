// The process logger: consola with a pretty or JSON-lines reporter, always on stderr. Every line
// passes through the redactor, so no caller can log a secret query parameter, client token,
// bearer credential or configured key by mistake.

import { type ConsolaInstance, type ConsolaReporter, createConsola, type LogObject } from "consola";
import type { LogLevel } from "../config/index.ts";
import { createRedactor } from "../shared/index.ts";

export type Logger = ConsolaInstance;
export type LogSink = (line: string) => void;
export type LoggerOptions = {
  level: LogLevel;
  format: "pretty" | "json";
  sink?: LogSink;
  /** Known secrets (upstream keys, admin key) scrubbed from every line by value. */
  secrets?: readonly string[];
};

const consolaLevels: Record<LogLevel, number> = {
  silent: Number.NEGATIVE_INFINITY,
  error: 0,
  warn: 1,
  info: 3,
  debug: 4,
  trace: 5,
};

export function createLogger(options: LoggerOptions): Logger {
  const write = options.sink ?? ((line: string) => process.stderr.write(`${line}\n`));
  const redact = createRedactor(options.secrets ?? []);
  const sink: LogSink = (line) => write(redact(line));
  const reporter = options.format === "json" ? jsonReporter(sink) : prettyReporter(sink);
  return createConsola({ level: consolaLevels[options.level], reporters: [reporter] });
}

// --- internal ---

function jsonReporter(sink: LogSink): ConsolaReporter {
  return {
    log(entry: LogObject) {
      const [first, ...rest] = entry.args;
      const fields = isPlainObject(rest[0]) ? rest[0] : undefined;
      sink(
        JSON.stringify({
          time: entry.date.toISOString(),
          level: entry.type,
          ...(entry.tag ? { tag: entry.tag } : {}),
          msg: describe(first),
          ...fields,
        }),
      );
    },
  };
}

function prettyReporter(sink: LogSink): ConsolaReporter {
  return {
    log(entry: LogObject) {
      const time = entry.date.toISOString().slice(11, 23);
      const tag = entry.tag ? ` [${entry.tag}]` : "";
      const text = entry.args.map((arg) =>
        isPlainObject(arg) ? formatFields(arg) : describe(arg),
      );
      sink(`${time} ${entry.type.toUpperCase().padEnd(5)}${tag} ${text.join(" ")}`);
    },
  };
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function formatFields(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" ");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    !(value instanceof Error)
  );
}
