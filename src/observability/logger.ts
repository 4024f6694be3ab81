// The process logger: consola with a pretty or JSON-lines reporter, always on stderr. Every line
// passes through the redactor, so no caller can log a secret query parameter, client token,
// bearer credential or configured key by mistake. `infoLine` is the request log's fast path:
// one formatted line without consola's per-call work, the same redactor and sink. A reload
// hands the logger its new level, format and secrets (`reconfigure`).

import {
  type ConsolaInstance,
  type ConsolaReporter,
  createConsola,
  type LogObject,
} from "consola/core";
import type { LogLevel } from "../config/index.ts";
import { type Clock, createRedactor, systemClock } from "../shared/index.ts";
import { createStderrWriter } from "./stderr-writer.ts";

export type Logger = ConsolaInstance & {
  /** Logs `message` with `fields` at info, formatted as consola would, or nothing below info. */
  infoLine(message: string, fields: Record<string, unknown>): void;
  /** Whether lines at `level` are written now: a caller skips building what nobody reads. */
  writes(level: Exclude<LogLevel, "silent">): boolean;
  /**
   * Logs at `level` in `format` from the next line on, and scrubs `secrets` too. The secrets
   * before stay scrubbed: a retiring generation's requests still carry a rotated-out key.
   */
  reconfigure(settings: LogSettings): void;
};
export type LogSink = (line: string) => void;
export type LogSettings = {
  level: LogLevel;
  format: "pretty" | "json";
  /** Known secrets (upstream keys, admin key) scrubbed from every line by value. */
  secrets?: readonly string[];
};
export type LoggerOptions = LogSettings & {
  sink?: LogSink;
  /** The time on every line; the system clock by default. */
  clock?: Clock;
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
  const stderr = options.sink ? undefined : createStderrWriter();
  const clock = options.clock ?? systemClock;
  const write = options.sink ?? ((line: string, urgent: boolean) => stderr?.write(line, urgent));
  const secrets = new Set<string>();
  let redact = createRedactor([]);
  const sink = (line: string, urgent: boolean) => write(redact(line), urgent);
  let json = false;
  let infoOn = false;
  const consola = createConsola({ reporters: [] });
  const reconfigure = (settings: LogSettings) => {
    json = settings.format === "json";
    infoOn = consolaLevels[settings.level] >= consolaLevels.info;
    consola.level = consolaLevels[settings.level];
    consola.setReporters([json ? jsonReporter(sink, clock) : prettyReporter(sink, clock)]);
    for (const secret of settings.secrets ?? []) secrets.add(secret);
    redact = createRedactor([...secrets]);
  };
  reconfigure(options);
  return Object.assign(consola, {
    infoLine(message: string, fields: Record<string, unknown>) {
      if (!infoOn) return;
      const at = new Date(clock.now());
      sink(
        json
          ? jsonLine(at, "info", message, fields)
          : prettyLine(at, "info", [message, formatFields(fields)]),
        false,
      );
    },
    writes: (level: Exclude<LogLevel, "silent">) => consola.level >= consolaLevels[level],
    reconfigure,
  });
}

// --- internal ---

type Sink = (line: string, urgent: boolean) => void;

function isUrgent(type: string): boolean {
  return type === "warn" || type === "error" || type === "fatal";
}

// consola stamps its entries with its own Date: every line takes the logger's clock instead
function jsonReporter(sink: Sink, clock: Clock): ConsolaReporter {
  return {
    log(entry: LogObject) {
      const [first, ...rest] = entry.args;
      const fields = isPlainObject(rest[0]) ? rest[0] : {};
      const withTag = entry.tag ? { tag: entry.tag, ...fields } : fields;
      const at = new Date(clock.now());
      sink(jsonLine(at, entry.type, describe(first), withTag), isUrgent(entry.type));
    },
  };
}

function prettyReporter(sink: Sink, clock: Clock): ConsolaReporter {
  return {
    log(entry: LogObject) {
      const text = entry.args.map((arg) =>
        isPlainObject(arg) ? formatFields(arg) : describe(arg),
      );
      const tagged = entry.tag ? [`[${entry.tag}]`, ...text] : text;
      sink(prettyLine(new Date(clock.now()), entry.type, tagged), isUrgent(entry.type));
    },
  };
}

function jsonLine(at: Date, level: string, msg: string, fields: Record<string, unknown>): string {
  return JSON.stringify({ time: at.toISOString(), level, msg, ...fields });
}

function prettyLine(at: Date, level: string, parts: readonly string[]): string {
  return `${at.toISOString().slice(11, 23)} ${levelTag(level)} ${parts.join(" ")}`;
}

const levelTags = new Map<string, string>();

/** "INFO ", "WARN ", …: made once per level, not once per line. */
function levelTag(level: string): string {
  let tag = levelTags.get(level);
  if (tag === undefined) {
    tag = level.toUpperCase().padEnd(5);
    levelTags.set(level, tag);
  }
  return tag;
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function formatFields(fields: Record<string, unknown>): string {
  let line = "";
  for (const key in fields) {
    const value = fields[key];
    const text = typeof value === "string" ? value : JSON.stringify(value);
    line = line === "" ? `${key}=${text}` : `${line} ${key}=${text}`;
  }
  return line;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    !(value instanceof Error)
  );
}
