// Seed 001's printer as an observer: one line per finished request at info (pretty or JSON per
// logging.format). Only ids, names, numbers and codes: never bodies, headers or secrets.

import type { Observer } from "./events.ts";
import type { Logger } from "./logger.ts";

export function createRequestLogger(logger: Logger): Observer {
  return (event) => {
    if (event.type !== "response_finished") return;
    const { record } = event;
    const fields: Record<string, unknown> = { request_id: record.request_id };
    if (record.project) fields.project = record.project;
    if (record.token_id) fields.token = record.token_id;
    if (record.provider) fields.provider = record.provider;
    if (record.model) fields.model = record.model;
    if (record.attempts > 0) fields.attempts = record.attempts;
    fields.ms = Math.round(record.total_ms);
    if (record.input_tokens || record.output_tokens) {
      fields.tokens = `${record.input_tokens}/${record.output_tokens}${record.estimated ? "~" : ""}`;
    }
    if (record.error_class) fields.error = record.error_class;
    logger.info(`${event.method} ${event.path || "?"} ${record.status}`, fields);
  };
}
