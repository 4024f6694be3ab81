// Builds trace records and in-memory trace stores for the tracing tests.

import { Database } from "bun:sqlite";
import {
  createTraceRepository,
  type TraceRecord,
  type TraceRepository,
  tracesMigration,
} from "../../../../src/store/traces.ts";

let counter = 0;

export function makeTrace(overrides: Partial<TraceRecord> = {}): TraceRecord {
  counter++;
  return {
    id: `trc_${String(counter).padStart(16, "0")}`,
    request_id: `req_${counter}`,
    at: Date.UTC(2025, 0, 1, 12),
    method: "POST",
    path: "/v1/chat/completions",
    model: "gpt-4o-mini",
    provider: "openai",
    status: 200,
    duration_ms: 12.5,
    session_id: null,
    request_headers: { "content-type": "application/json", authorization: "[redacted]" },
    request_body: '{"model":"gpt-4o-mini"}',
    response_headers: { "content-type": "text/event-stream" },
    response_body: 'data: {"choices":[]}\n\n',
    response_text: "Hello",
    truncated: false,
    ...overrides,
  };
}

export function memoryTraceStore(): { db: Database; repository: TraceRepository } {
  const db = new Database(":memory:", { strict: true });
  db.run(tracesMigration);
  return { db, repository: createTraceRepository(db) };
}
