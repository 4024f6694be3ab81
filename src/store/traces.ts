// Request/response traces: one row per traced request, bodies and redacted headers included.

import type { Database } from "bun:sqlite";
import { packBody, type StoredBody, unpackBody } from "./trace-bodies.ts";

export type TraceRecord = {
  /** "trc_" + 16 base64url characters. */
  id: string;
  request_id: string;
  /** Epoch ms. */
  at: number;
  method: string;
  /** Path and query, already redacted. */
  path: string;
  model: string | null;
  provider: string | null;
  status: number;
  duration_ms: number;
  session_id: string | null;
  request_headers: Record<string, string> | null;
  request_body: string | null;
  response_headers: Record<string, string> | null;
  /** The non-stream body, or the raw SSE events, up to the body limit. */
  response_body: string | null;
  /** A stream reassembled into its final text; null for non-streams. */
  response_text: string | null;
  /** A body was cut at the body limit. */
  truncated: boolean;
};

/** A body as a writer hands it over: its text, or its UTF-8 bytes (kept without decoding). */
export type TraceBody = string | Uint8Array;

/** A trace on its way to a store or a file; what is read back has its bodies as text. */
export type NewTrace = Omit<TraceRecord, "request_body" | "response_body"> & {
  request_body: TraceBody | null;
  response_body: TraceBody | null;
};

const bodyDecoder = new TextDecoder();

/** A written body as text (a store or file that keeps text decodes bytes here). */
export function bodyText(body: TraceBody | null): string | null {
  return body === null || typeof body === "string" ? body : bodyDecoder.decode(body);
}

export type TraceSummary = Omit<
  TraceRecord,
  "request_headers" | "request_body" | "response_headers" | "response_body" | "response_text"
>;

export type TraceListOptions = {
  since?: number;
  limit?: number;
  model?: string;
  provider?: string;
  /** Only failed (status >= 400) or only successful requests. */
  outcome?: "ok" | "error";
};

export type TraceRepository = {
  /** All rows in one immediate transaction; a trace id already stored is skipped. */
  insertBatch(traces: readonly NewTrace[]): Promise<void>;
  /** Newest first, without headers or bodies; `limit` defaults to 100 and has no upper bound. */
  list(options: TraceListOptions): Promise<TraceSummary[]>;
  /** By trace id or by request id (the newest trace of that request). */
  get(id: string): Promise<TraceRecord | undefined>;
  /** Deletes traces with `at` before the given time; returns how many. */
  deleteOlderThan(at: number): Promise<number>;
};

export const tracesMigration = `
  create table traces (
    id text primary key,
    request_id text not null,
    at integer not null,
    method text not null,
    path text not null,
    model text,
    provider text,
    status integer not null,
    duration_ms real not null,
    session_id text,
    request_headers text,
    request_body text,
    response_headers text,
    response_body text,
    response_text text,
    truncated integer not null default 0
  );
  create index traces_at on traces(at);
  create index traces_request_id on traces(request_id);
`;

const defaultListLimit = 100;
const summaryColumns =
  "id, request_id, at, method, path, model, provider, status, duration_ms, session_id, truncated";

export function createTraceRepository(db: Database): TraceRepository {
  const insert = db.query<null, Record<string, StoredBody | number>>(
    `insert into traces (id, request_id, at, method, path, model, provider, status, duration_ms,
       session_id, request_headers, request_body, response_headers, response_body, response_text,
       truncated)
     values ($id, $request_id, $at, $method, $path, $model, $provider, $status, $duration_ms,
       $session_id, $request_headers, $request_body, $response_headers, $response_body,
       $response_text, $truncated)
     on conflict(id) do nothing`,
  );
  const insertAll = db.transaction((traces: readonly NewTrace[]) => {
    for (const trace of traces) insert.run(toSqliteRow(trace));
  });
  const listSince = db.query<SummaryRow, Record<string, string | number | null>>(
    `select ${summaryColumns} from traces where at >= $since
       and ($model is null or model = $model) and ($provider is null or provider = $provider)
       and ($outcome is null or (status >= 400) = ($outcome = 'error'))
     order by at desc, rowid desc limit $limit`,
  );
  const byId = db.query<TraceRow, [string]>("select * from traces where id = ?");
  const byRequestId = db.query<TraceRow, [string]>(
    "select * from traces where request_id = ? order by at desc, rowid desc limit 1",
  );
  const deleteBefore = db.query<null, [number]>("delete from traces where at < ?");

  return {
    async insertBatch(traces) {
      if (traces.length > 0) insertAll.immediate(traces);
    },
    async list({ since, limit, model, provider, outcome }) {
      const rows = listSince.all({
        since: since ?? 0,
        limit: clampLimit(limit),
        model: model ?? null,
        provider: provider ?? null,
        outcome: outcome ?? null,
      });
      return rows.map((row) => ({ ...row, truncated: row.truncated !== 0 }));
    },
    async get(id) {
      const row = byId.get(id) ?? byRequestId.get(id);
      return row === null ? undefined : fromRow(row);
    },
    async deleteOlderThan(at) {
      return deleteBefore.run(at).changes;
    },
  };
}

// --- internal ---

type SummaryRow = Omit<TraceSummary, "truncated"> & { truncated: number };

type TraceRow = SummaryRow & {
  request_headers: string | null;
  request_body: StoredBody;
  response_headers: string | null;
  response_body: StoredBody;
  response_text: StoredBody;
};

/** The row of a store that keeps text (Postgres): bodies decoded, headers as JSON. */
export function toTraceRow(trace: NewTrace): Record<string, string | number | null> {
  return {
    ...withEncodedHeaders(trace),
    request_body: bodyText(trace.request_body),
    response_body: bodyText(trace.response_body),
  };
}

/** sqlite's row: large bodies packed as they came, bytes or text (trace-bodies.ts). */
function toSqliteRow(trace: NewTrace): Record<string, StoredBody | number> {
  return {
    ...withEncodedHeaders(trace),
    request_body: packBody(trace.request_body),
    response_body: packBody(trace.response_body),
    response_text: packBody(trace.response_text),
  };
}

function withEncodedHeaders(trace: NewTrace) {
  return {
    ...trace,
    request_headers: trace.request_headers === null ? null : JSON.stringify(trace.request_headers),
    response_headers:
      trace.response_headers === null ? null : JSON.stringify(trace.response_headers),
    truncated: trace.truncated ? 1 : 0,
  };
}

function fromRow(row: TraceRow): TraceRecord {
  return {
    ...row,
    request_headers: parseHeaders(row.request_headers),
    request_body: unpackBody(row.request_body),
    response_headers: parseHeaders(row.response_headers),
    response_body: unpackBody(row.response_body),
    response_text: unpackBody(row.response_text),
    truncated: row.truncated !== 0,
  };
}

export function parseHeaders(text: string | null): Record<string, string> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
    const headers: Record<string, string> = {};
    for (const [name, item] of Object.entries(value)) {
      if (typeof item === "string") headers[name] = item;
    }
    return headers;
  } catch {
    return null;
  }
}

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return defaultListLimit;
  // no upper bound here: exports list everything; callers facing clients cap it themselves
  return Math.max(Math.trunc(limit), 1);
}
