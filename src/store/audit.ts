// The audit log: who changed what, when. Never holds a secret: callers pass ids and names only.

import type { Database } from "bun:sqlite";

/** Who made a change: the CLI, the admin API, the proxy itself, or a reload by SIGHUP or --watch. */
export type AuditActor = "cli" | "admin" | "system" | "signal" | "watch";

export type AuditEvent = {
  id: number;
  at: number;
  actor: AuditActor;
  action: string;
  target: string;
  details: Record<string, unknown> | null;
};

export type AuditRepository = {
  record(event: Omit<AuditEvent, "id">): Promise<void>;
  list(options: { since?: number; limit?: number }): Promise<AuditEvent[]>;
};

type AuditRow = Omit<AuditEvent, "details"> & { details: string | null };

export function createAuditRepository(db: Database): AuditRepository {
  const insert = db.query<null, [number, string, string, string, string | null]>(
    "insert into audit_events (at, actor, action, target, details) values (?, ?, ?, ?, ?)",
  );
  const since = db.query<AuditRow, [number, number]>(
    "select * from audit_events where at >= ? order by id desc limit ?",
  );
  return {
    async record(event) {
      const details = event.details ? JSON.stringify(event.details) : null;
      insert.run(event.at, event.actor, event.action, event.target, details);
    },
    async list(options) {
      return since.all(options.since ?? 0, options.limit ?? 100).map((row) => ({
        ...row,
        details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
      }));
    },
  };
}
