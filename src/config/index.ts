// Config loading, validation, quick start, redaction and the example file.

export { ConfigError, type ConfigProblem, formatProblems } from "./config-error.ts";
export type { Env } from "./interpolate.ts";
export { loadConfig, parseConfigObject, parseConfigText } from "./load.ts";
export { type QuickStartFlags, quickStartConfig, wantsQuickStart } from "./quick-start.ts";
export { configuredSecrets, redactConfig, redactUrl, withoutPassword } from "./redact.ts";
export * from "./schema.ts";
export type { SharedConfig, StorageConfig } from "./storage-schema.ts";
export {
  checkDuration,
  formatDuration,
  maxDurationMs,
  parseDurationMs,
  parseSizeBytes,
} from "./units.ts";
