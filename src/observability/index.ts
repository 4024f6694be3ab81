// Observability: logging (metrics, traces and the event bus join here).

export { createLogger, type Logger, type LoggerOptions, type LogSink } from "./logger.ts";
