// Traces on Postgres: the same repository as traces.ts, in Bun's SQL; `seq` stands in for
// sqlite's rowid when traces share a millisecond.

import type { SQL } from "bun";
import {
  clampLimit,
  parseHeaders,
  type TraceRecord,
  type TraceRepository,
  type TraceSummary,
  toTraceRow,
} from "../traces.ts";
import { num } from "./rows.ts";

type Row = Record<string, unknown>;

// 1,000 traces of 16 columns stay below Postgres's 65,535 parameters per statement
const rowsPerStatement = 1_000;

export function createPostgresTraceRepository(sql: SQL): TraceRepository {
  const newest = async (rows: Promise<Row[]>) => {
    const [row] = await rows;
    return row && toTrace(row);
  };
  return {
    async insertBatch(traces) {
      if (traces.length === 0) return;
      const rows = traces.map(toTraceRow);
      await sql.begin(async (tx) => {
        for (let start = 0; start < rows.length; start += rowsPerStatement) {
          const chunk = rows.slice(start, start + rowsPerStatement);
          await tx`insert into traces ${tx(chunk)} on conflict (id) do nothing`;
        }
      });
    },
    async list({ since, limit, model, provider, outcome }) {
      const rows: Row[] = await sql`
        select id, request_id, at, method, path, model, provider, status, duration_ms,
          session_id, truncated
        from traces where at >= ${since ?? 0}
          and (${model ?? null}::text is null or model = ${model ?? null})
          and (${provider ?? null}::text is null or provider = ${provider ?? null})
          and (${outcome ?? null}::text is null or (status >= 400) = (${outcome ?? null} = 'error'))
        order by at desc, seq desc limit ${clampLimit(limit)}`;
      return rows.map(toSummary);
    },
    async get(id) {
      return (
        (await newest(sql`select * from traces where id = ${id}`)) ??
        (await newest(sql`
          select * from traces where request_id = ${id} order by at desc, seq desc limit 1`))
      );
    },
    async deleteOlderThan(at) {
      const result = await sql`delete from traces where at < ${at}`;
      return result.count;
    },
  };
}

// --- internal ---

function toSummary(row: Row): TraceSummary {
  return {
    id: String(row.id),
    request_id: String(row.request_id),
    at: num(row.at),
    method: String(row.method),
    path: String(row.path),
    model: textOrNull(row.model),
    provider: textOrNull(row.provider),
    status: num(row.status),
    duration_ms: num(row.duration_ms),
    session_id: textOrNull(row.session_id),
    truncated: num(row.truncated) !== 0,
  };
}

function toTrace(row: Row): TraceRecord {
  return {
    ...toSummary(row),
    request_headers: parseHeaders(textOrNull(row.request_headers)),
    request_body: textOrNull(row.request_body),
    response_headers: parseHeaders(textOrNull(row.response_headers)),
    response_body: textOrNull(row.response_body),
    response_text: textOrNull(row.response_text),
  };
}

function textOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
