// The JSON shapes of projects and tokens shown by the CLI (--json) and the admin API
// (DESIGN.md): ids, prefixes and times only, never a secret or hash.

import type { Budget, BudgetPeriod, Project, TokenRecord } from "../store/index.ts";

export type TokenView = {
  id: string;
  prefix: string;
  project: string;
  name: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  request_count: number;
  max_requests: number | null;
  models: string[] | null;
  rpm: number | null;
  tpm: number | null;
  budget_usd: number | null;
  budget_period: BudgetPeriod | null;
};

export type ProjectView = {
  id: string;
  name: string;
  active: boolean;
  created_at: string;
  budget_usd: number | null;
  budget_period: BudgetPeriod | null;
};

export function toTokenView(token: TokenRecord, projectName: string): TokenView {
  return {
    id: token.id,
    prefix: token.prefix,
    project: projectName,
    name: token.name,
    created_at: iso(token.created_at),
    expires_at: isoOrNull(token.expires_at),
    revoked_at: isoOrNull(token.revoked_at),
    last_used_at: isoOrNull(token.last_used_at),
    request_count: token.request_count,
    max_requests: token.max_requests,
    models: token.models,
    rpm: token.rpm,
    tpm: token.tpm,
    ...budgetFields(token.budget),
  };
}

export function toProjectView(project: Project): ProjectView {
  return {
    id: project.id,
    name: project.name,
    active: project.active,
    created_at: iso(project.created_at),
    ...budgetFields(project.budget),
  };
}

function budgetFields(budget: Budget | null): Pick<ProjectView, "budget_usd" | "budget_period"> {
  return { budget_usd: budget?.usd ?? null, budget_period: budget?.period ?? null };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}
