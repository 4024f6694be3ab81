// The audit log on Postgres: the same repository as audit.ts, in Bun's SQL.

import type { SQL } from "bun";
import type { AuditActor, AuditRepository } from "../audit.ts";
import { num } from "./rows.ts";

type Row = Record<string, unknown>;

export function createPostgresAuditRepository(sql: SQL): AuditRepository {
  return {
    async record(event) {
      const details = event.details ? JSON.stringify(event.details) : null;
      await sql`
        insert into audit_events (at, actor, action, target, details)
        values (${event.at}, ${event.actor}, ${event.action}, ${event.target}, ${details})`;
    },
    async list(options) {
      const rows: Row[] = await sql`
        select * from audit_events where at >= ${options.since ?? 0}
        order by id desc limit ${options.limit ?? 100}`;
      return rows.map((row) => ({
        id: num(row.id),
        at: num(row.at),
        actor: String(row.actor) as AuditActor,
        action: String(row.action),
        target: String(row.target),
        details:
          typeof row.details === "string"
            ? (JSON.parse(row.details) as Record<string, unknown>)
            : null,
      }));
    },
  };
}
