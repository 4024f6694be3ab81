// Seed 001's printer as an observer: one line per finished request at info (pretty or JSON per
// logging.format) with only ids, names, numbers and codes; at debug, the request and response
// bodies too (clipped; the logger's redactor scrubs secrets from every line).

import { exchangeResponseBytes, type Observer } from "./events.ts";
import type { Logger } from "./logger.ts";
import { clipBody } from "./traces/index.ts";

/** Debug body lines are cut here: enough to read a prompt, not a whole document. */
export const debugBodyBytes = 4096;

export function createRequestLogger(logger: Logger): Observer {
  return (event) => {
    if (event.type !== "response_finished") return;
    // the bodies line only when debug lines are written: clipping both bodies costs more than
    // the rest of the request log
    if (event.exchange && logger.writes("debug")) {
      const { exchange } = event;
      const request = exchange.request_body && clipBody(exchange.request_body, debugBodyBytes);
      const responseBytes = exchangeResponseBytes(exchange);
      const response = responseBytes && clipBody(responseBytes, debugBodyBytes);
      logger.debug("bodies", {
        request_id: event.record.request_id,
        request_body: request?.text ?? null,
        response_body: response?.text ?? null,
        truncated: Boolean(request?.truncated || response?.truncated || exchange.stream_truncated),
      });
    }
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
    logger.infoLine(`${event.method} ${event.path || "?"} ${record.status}`, fields);
  };
}
