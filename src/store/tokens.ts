// Client tokens: stored by SHA-256 hash only; the id and prefix are safe to show.

import type { Database } from "bun:sqlite";
import { type Budget, type BudgetColumns, budgetOf } from "./budgets.ts";

export type TokenRecord = {
  id: string;
  prefix: string;
  project_id: string;
  name: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
  request_count: number;
  max_requests: number | null;
  /** Model globs this token may use; null means any. */
  models: string[] | null;
  rpm: number | null;
  tpm: number | null;
  /** Applies besides the project's budget, when both have one. */
  budget: Budget | null;
};

export type NewToken = {
  id: string;
  hash: string;
  prefix: string;
  project_id: string;
  name: string;
  created_at: number;
  expires_at: number | null;
  max_requests: number | null;
  models: string[] | null;
  rpm: number | null;
  tpm: number | null;
  budget?: Budget | null;
};

/** What PATCH may change; an absent field keeps its value, null removes a limit. */
export type TokenChanges = Partial<
  Pick<NewToken, "name" | "max_requests" | "models" | "rpm" | "tpm">
>;

/** Usage gathered in memory and written in one batch. */
type TokenUse = { id: string; requests: number; last_used_at: number };

export type TokenRepository = {
  insert(token: NewToken): Promise<TokenRecord>;
  findByHash(hash: string): Promise<TokenRecord | undefined>;
  /** By id, or by a unique id prefix. */
  find(id: string): Promise<TokenRecord | undefined>;
  list(projectId?: string): Promise<TokenRecord[]>;
  /** Returns false when the token was already revoked or does not exist. */
  revoke(id: string, now: number): Promise<boolean>;
  /** Returns the changed token, or undefined when there is none with this id. */
  update(id: string, changes: TokenChanges): Promise<TokenRecord | undefined>;
  recordUse(batch: readonly TokenUse[]): Promise<void>;
};

const changeable = ["name", "max_requests", "models", "rpm", "tpm"] as const;

type TokenRow = Omit<TokenRecord, "models" | "budget"> &
  BudgetColumns & { models: string | null; hash: string };

export function createTokenRepository(db: Database): TokenRepository {
  const insert = db.query<TokenRow, Record<string, string | number | null>>(
    `insert into tokens (id, hash, prefix, project_id, name, created_at, expires_at, max_requests, models, rpm, tpm,
       budget_usd, budget_period, budget_set_at)
     values ($id, $hash, $prefix, $project_id, $name, $created_at, $expires_at, $max_requests, $models, $rpm, $tpm,
       $budget_usd, $budget_period, $budget_set_at)
     returning *`,
  );
  const byHash = db.query<TokenRow, [string]>("select * from tokens where hash = ?");
  const byId = db.query<TokenRow, [string]>("select * from tokens where id = ?");
  const all = db.query<TokenRow, []>("select * from tokens order by created_at, id");
  const ofProject = db.query<TokenRow, [string]>(
    "select * from tokens where project_id = ? order by created_at, id",
  );
  const revoke = db.query<null, [number, string]>(
    "update tokens set revoked_at = ? where id = ? and revoked_at is null",
  );
  // one statement for any subset of fields: each is set only when its flag is 1
  const update = db.query<TokenRow, Record<string, string | number | null>>(
    `update tokens set ${changeable.map((column) => `${column} = case when $set_${column} then $${column} else ${column} end`).join(", ")}
     where id = $id returning *`,
  );
  const use = db.query<null, [number, number, string]>(
    "update tokens set request_count = request_count + ?, last_used_at = max(coalesce(last_used_at, 0), ?) where id = ?",
  );
  const recordUse = db.transaction((batch: readonly TokenUse[]) => {
    for (const entry of batch) use.run(entry.requests, entry.last_used_at, entry.id);
  });

  return {
    async insert({ budget, ...token }) {
      return toRecord(
        insert.get({
          ...token,
          models: token.models ? JSON.stringify(token.models) : null,
          budget_usd: budget?.usd ?? null,
          budget_period: budget?.period ?? null,
          budget_set_at: budget?.set_at ?? null,
        }),
      );
    },
    async findByHash(hash) {
      const row = byHash.get(hash);
      return row ? toRecord(row) : undefined;
    },
    async find(id) {
      const row = byId.get(id);
      return row ? toRecord(row) : undefined;
    },
    async list(projectId) {
      const rows = projectId === undefined ? all.all() : ofProject.all(projectId);
      return rows.map(toRecord);
    },
    async revoke(id, now) {
      return revoke.run(now, id).changes > 0;
    },
    async update(id, changes) {
      const bindings: Record<string, string | number | null> = { id };
      for (const column of changeable) {
        const value = changes[column];
        bindings[`set_${column}`] = value === undefined ? 0 : 1;
        bindings[column] = Array.isArray(value) ? JSON.stringify(value) : (value ?? null);
      }
      const row = update.get(bindings);
      return row ? toRecord(row) : undefined;
    },
    async recordUse(batch) {
      if (batch.length > 0) recordUse.immediate(batch);
    },
  };
}

function toRecord(row: TokenRow | null): TokenRecord {
  if (!row) throw new Error("token row missing");
  const { hash: _hash, models, budget_usd, budget_period, budget_set_at, ...rest } = row;
  return {
    ...rest,
    models: models ? (JSON.parse(models) as string[]) : null,
    budget: budgetOf({ budget_usd, budget_period, budget_set_at }),
  };
}
