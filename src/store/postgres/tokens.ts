// Client tokens on Postgres: the same repository as tokens.ts, in Bun's SQL.

import type { SQL } from "bun";
import { budgetOf } from "../budgets.ts";
import type { TokenRecord, TokenRepository } from "../tokens.ts";
import { budgetColumnsOf, num, numOrNull } from "./rows.ts";

type Row = Record<string, unknown>;

const changeable = ["name", "max_requests", "models", "rpm", "tpm"] as const;

export function createPostgresTokenRepository(sql: SQL): TokenRepository {
  const one = async (rows: Promise<Row[]>): Promise<TokenRecord | undefined> => {
    const [row] = await rows;
    return row && toRecord(row);
  };
  return {
    async insert({ budget, ...token }) {
      const row = {
        ...token,
        models: token.models ? JSON.stringify(token.models) : null,
        budget_usd: budget?.usd ?? null,
        budget_period: budget?.period ?? null,
        budget_set_at: budget?.set_at ?? null,
      };
      const inserted = await one(sql`insert into tokens ${sql(row)} returning *`);
      if (!inserted) throw new Error("token row missing");
      return inserted;
    },
    findByHash: (hash) => one(sql`select * from tokens where hash = ${hash}`),
    find: (id) => one(sql`select * from tokens where id = ${id}`),
    async list(projectId) {
      const rows: Row[] =
        projectId === undefined
          ? await sql`select * from tokens order by created_at, id collate "C"`
          : await sql`select * from tokens where project_id = ${projectId} order by created_at, id collate "C"`;
      return rows.map(toRecord);
    },
    async revoke(id, now) {
      const result = await sql`
        update tokens set revoked_at = ${now} where id = ${id} and revoked_at is null`;
      return result.count > 0;
    },
    update(id, changes) {
      const set: Record<string, string | number | null> = {};
      for (const column of changeable) {
        const value = changes[column];
        if (value === undefined) continue;
        set[column] = Array.isArray(value) ? JSON.stringify(value) : value;
      }
      if (Object.keys(set).length === 0) return one(sql`select * from tokens where id = ${id}`);
      return one(sql`update tokens set ${sql(set)} where id = ${id} returning *`);
    },
    async recordUse(batch) {
      if (batch.length === 0) return;
      // in id order, so two instances' batches lock rows in the same order
      const ordered = [...batch].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      await sql.begin(async (tx) => {
        for (const use of ordered) {
          await tx`
            update tokens set request_count = request_count + ${use.requests},
              last_used_at = greatest(coalesce(last_used_at, 0), ${use.last_used_at}::bigint)
            where id = ${use.id}`;
        }
      });
    },
  };
}

// --- internal ---

function toRecord(row: Row): TokenRecord {
  return {
    id: String(row.id),
    prefix: String(row.prefix),
    project_id: String(row.project_id),
    name: String(row.name),
    created_at: num(row.created_at),
    expires_at: numOrNull(row.expires_at),
    revoked_at: numOrNull(row.revoked_at),
    last_used_at: numOrNull(row.last_used_at),
    request_count: num(row.request_count),
    max_requests: numOrNull(row.max_requests),
    models: typeof row.models === "string" ? (JSON.parse(row.models) as string[]) : null,
    rpm: numOrNull(row.rpm),
    tpm: numOrNull(row.tpm),
    budget: budgetOf(budgetColumnsOf(row)),
  };
}
