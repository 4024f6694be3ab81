// Projects: the tenants that own client tokens. Looked up by name (what people type) or id.

import type { Database } from "bun:sqlite";
import { randomBase64url } from "../shared/index.ts";
import { type Budget, type BudgetColumns, budgetOf } from "./budgets.ts";

export type Project = {
  id: string;
  name: string;
  active: boolean;
  created_at: number;
  /** Both the project's and a token's budget apply to the token's requests. */
  budget: Budget | null;
};

export type ProjectRepository = {
  create(name: string, now: number, budget?: Budget | null): Promise<Project>;
  /**
   * Creates the project unless one has the name, atomically: two processes racing to create the
   * same project both end up with the one row. `created` tells whether this call made it.
   */
  ensure(name: string, now: number): Promise<{ project: Project; created: boolean }>;
  /** By name, else by id. */
  find(nameOrId: string): Promise<Project | undefined>;
  list(): Promise<Project[]>;
  setActive(id: string, active: boolean): Promise<void>;
  /**
   * Deletes the project and its budget spend and, with `withTokens`, its tokens and theirs, in
   * one transaction; returns the tokens deleted.
   */
  delete(id: string, withTokens: boolean): Promise<number>;
  tokenCount(id: string): Promise<number>;
};

type ProjectRow = BudgetColumns & { id: string; name: string; active: number; created_at: number };

export function createProjectRepository(db: Database): ProjectRepository {
  const insert = db.query<
    ProjectRow,
    [string, string, number, number | null, string | null, number | null]
  >(
    `insert into projects (id, name, active, created_at, budget_usd, budget_period, budget_set_at)
     values (?, ?, 1, ?, ?, ?, ?) returning *`,
  );
  const insertIfMissing = db.query<ProjectRow, [string, string, number]>(
    `insert into projects (id, name, active, created_at) values (?, ?, 1, ?)
     on conflict(name) do nothing returning *`,
  );
  const byNameOrId = db.query<ProjectRow, [string, string]>(
    "select * from projects where name = ? or id = ? order by name = ?1 desc limit 1",
  );
  const all = db.query<ProjectRow, []>("select * from projects order by name");
  const setActive = db.query<null, [number, string]>("update projects set active = ? where id = ?");
  const countTokens = db.query<{ n: number }, [string]>(
    "select count(*) as n from tokens where project_id = ?",
  );
  const deleteTokens = db.query<null, [string]>("delete from tokens where project_id = ?");
  const deleteTokenSpend = db.query<null, [string]>(
    `delete from budget_spend where scope = 'token'
       and scope_id in (select id from tokens where project_id = ?)`,
  );
  const deleteProjectSpend = db.query<null, [string]>(
    "delete from budget_spend where scope = 'project' and scope_id = ?",
  );
  const deleteProject = db.query<null, [string]>("delete from projects where id = ?");

  return {
    async create(name, now, budget) {
      const id = newProjectId();
      const { usd, period, set_at } = budget ?? { usd: null, period: null, set_at: null };
      return toProject(insert.get(id, name, now, usd, period, set_at));
    },
    async ensure(name, now) {
      const inserted = insertIfMissing.get(newProjectId(), name, now);
      if (inserted) return { project: toProject(inserted), created: true };
      const existing = byNameOrId.get(name, name);
      if (!existing) throw new Error(`project "${name}" neither inserted nor found`);
      return { project: toProject(existing), created: false };
    },
    async find(nameOrId) {
      const row = byNameOrId.get(nameOrId, nameOrId);
      return row ? toProject(row) : undefined;
    },
    list: async () => all.all().map(toProject),
    async setActive(id, active) {
      setActive.run(active ? 1 : 0, id);
    },
    async delete(id, withTokens) {
      return db
        .transaction(() => {
          const tokens = countTokens.get(id)?.n ?? 0;
          if (withTokens) {
            deleteTokenSpend.run(id);
            deleteTokens.run(id);
          }
          deleteProjectSpend.run(id);
          deleteProject.run(id);
          return tokens;
        })
        .immediate();
    },
    tokenCount: async (id) => countTokens.get(id)?.n ?? 0,
  };
}

/** "prj_" and 8 base64url characters (48 random bits). */
export function newProjectId(): string {
  return `prj_${randomBase64url(6)}`;
}

function toProject(row: ProjectRow | null): Project {
  if (!row) throw new Error("project row missing");
  return {
    id: row.id,
    name: row.name,
    active: row.active === 1,
    created_at: row.created_at,
    budget: budgetOf(row),
  };
}
