// A stored stream's final text is made when a trace is read, not when it is written: reading
// every event of every traced stream on the request path cost more than storing it. A trace
// whose response_text is null and whose body is SSE gets it here, redacted like the body.

import type { Redactor } from "../../shared/index.ts";
import type { TraceRecord, TraceRepository } from "../../store/index.ts";
import { reassembleStreamText } from "./stream-text.ts";

/** The repository, with `get` filling in the final text of a stored stream. */
export function withStreamText(traces: TraceRepository, redact: Redactor): TraceRepository {
  return {
    insertBatch: (batch) => traces.insertBatch(batch),
    list: (options) => traces.list(options),
    deleteOlderThan: (at) => traces.deleteOlderThan(at),
    async get(id) {
      const trace = await traces.get(id);
      return trace && withText(trace, redact);
    },
  };
}

export function withText(trace: TraceRecord, redact: Redactor): TraceRecord {
  const body = trace.response_body;
  if (trace.response_text !== null || body === null || !isEventStream(body)) return trace;
  return { ...trace, response_text: redact(reassembleStreamText(body)) };
}

// --- internal ---

/** SSE starts with a field or a comment; a JSON body with `{` or `[`. */
function isEventStream(body: string): boolean {
  return /^\s*(?:data|event|id|retry)?:/.test(body);
}
