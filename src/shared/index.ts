// Re-exports of the shared layer, which imports nothing else in src.

export * from "./byte-budget.ts";
export * from "./bytes.ts";
export * from "./clock.ts";
export * from "./deadline.ts";
export * from "./dialect.ts";
export * from "./errors.ts";
export * from "./glob.ts";
export * from "./ids.ts";
export * from "./json-record.ts";
export * from "./lru-map.ts";
export * from "./provider-kinds.ts";
export * from "./redact.ts";
export * from "./serial-task.ts";
export * from "./wire-errors.ts";
