// Projects on Postgres: the same repository as projects.ts, in Bun's SQL.

import type { SQL } from "bun";
import { budgetOf } from "../budgets.ts";
import { newProjectId, type Project, type ProjectRepository } from "../projects.ts";
import { budgetColumnsOf, num } from "./rows.ts";

type Row = Record<string, unknown>;

export function createPostgresProjectRepository(sql: SQL): ProjectRepository {
  const find = async (nameOrId: string): Promise<Project | undefined> => {
    const rows: Row[] = await sql`
      select * from projects where name = ${nameOrId} or id = ${nameOrId}
      order by (name = ${nameOrId}) desc limit 1`;
    return rows[0] && toProject(rows[0]);
  };
  const tokenCount = async (id: string): Promise<number> => {
    const [row]: Row[] = await sql`select count(*) as n from tokens where project_id = ${id}`;
    return num(row?.n ?? 0);
  };
  return {
    async create(name, now, budget) {
      const { usd, period, set_at } = budget ?? { usd: null, period: null, set_at: null };
      const [row]: Row[] = await sql`
        insert into projects (id, name, active, created_at, budget_usd, budget_period, budget_set_at)
        values (${newProjectId()}, ${name}, 1, ${now}, ${usd}, ${period}, ${set_at}) returning *`;
      return toProject(row);
    },
    async ensure(name, now) {
      const [inserted]: Row[] = await sql`
        insert into projects (id, name, active, created_at) values (${newProjectId()}, ${name}, 1, ${now})
        on conflict (name) do nothing returning *`;
      if (inserted) return { project: toProject(inserted), created: true };
      const existing = await find(name);
      if (!existing) throw new Error(`project "${name}" neither inserted nor found`);
      return { project: existing, created: false };
    },
    find,
    async list() {
      const rows: Row[] = await sql`select * from projects order by name collate "C"`;
      return rows.map(toProject);
    },
    async setActive(id, active) {
      await sql`update projects set active = ${active ? 1 : 0} where id = ${id}`;
    },
    delete: (id, withTokens) =>
      sql.begin(async (tx) => {
        const [row]: Row[] = await tx`select count(*) as n from tokens where project_id = ${id}`;
        if (withTokens) {
          await tx`delete from budget_spend where scope = 'token'
            and scope_id in (select id from tokens where project_id = ${id})`;
          await tx`delete from tokens where project_id = ${id}`;
        }
        await tx`delete from budget_spend where scope = 'project' and scope_id = ${id}`;
        await tx`delete from projects where id = ${id}`;
        return num(row?.n ?? 0);
      }),
    tokenCount,
  };
}

// --- internal ---

function toProject(row: Row | undefined): Project {
  if (!row) throw new Error("project row missing");
  return {
    id: String(row.id),
    name: String(row.name),
    active: num(row.active) === 1,
    created_at: num(row.created_at),
    budget: budgetOf(budgetColumnsOf(row)),
  };
}
