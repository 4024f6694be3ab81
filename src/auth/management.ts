// Project and token administration shared by the CLI and the admin API. Every change writes an
// audit event naming who made it; secrets never reach the audit log.

import { formatDuration, maxDurationMs } from "../config/index.ts";
import { ProxyError } from "../shared/index.ts";
import type {
  AuditActor,
  AuditRepository,
  BudgetRepository,
  Project,
  ProjectRepository,
  TokenChanges,
  TokenRecord,
  TokenRepository,
} from "../store/index.ts";
import { type BudgetInput, budgetDetails, nextBudget } from "./budget-input.ts";
import { generateClientToken } from "./token-secret.ts";
import { type TokenView, toTokenView } from "./views.ts";

export type TokenOptions = {
  project: string;
  name?: string;
  /** Epoch ms, or undefined for no expiry. */
  expiresAt?: number;
  models?: string[];
  rpm?: number;
  tpm?: number;
  maxRequests?: number;
  /** Applies besides the project's budget. */
  budget?: BudgetInput;
};

export type ProjectOptions = { budget?: BudgetInput };

/** A budget change: null removes it. */
export type ProjectUpdate = { budget: BudgetInput | null };

export type CreatedToken = {
  token: TokenRecord;
  secret: string;
  project: Project;
  projectCreated: boolean;
};

export type Management = {
  createProject(name: string, options?: ProjectOptions): Project;
  updateProject(nameOrId: string, update: ProjectUpdate): Project;
  listProjects(): (Project & { tokens: number })[];
  showProject(nameOrId: string): Project & { tokens: TokenRecord[] };
  setProjectActive(nameOrId: string, active: boolean): Project;
  deleteProject(nameOrId: string, force: boolean): { project: Project; tokensDeleted: number };
  /** Creates the project too when it does not exist (`projectCreated` says so). */
  createToken(options: TokenOptions): CreatedToken;
  listTokens(project?: string): TokenRecord[];
  revokeToken(id: string): TokenRecord;
  /** Sets, changes or (null) removes a token's budget. */
  updateTokenBudget(id: string, budget: BudgetInput | null): TokenRecord;
  /** Changes a live token's name, limits or models (a revoked one is a conflict). */
  updateToken(id: string, changes: TokenChanges): TokenRecord;
  /** A token as listings show it, with its project's name. */
  viewOf(token: TokenRecord): TokenView;
};

export type ManagementDeps = {
  projects: ProjectRepository;
  tokens: TokenRepository;
  budgets: BudgetRepository;
  audit: AuditRepository;
  actor: AuditActor;
  now: () => number;
};

const projectNamePattern = /^[A-Za-z0-9._-]{1,64}$/;

export function createManagement(deps: ManagementDeps): Management {
  const { projects, tokens, budgets, audit, actor, now } = deps;
  const record = (action: string, target: string, details?: Record<string, unknown>) =>
    audit.record({ at: now(), actor, action, target, details: details ?? null });

  const requireProject = (nameOrId: string): Project => {
    const project = projects.find(nameOrId);
    if (!project) throw new ProxyError("not_found", `no project "${nameOrId}"`);
    return project;
  };

  const requireToken = (id: string): TokenRecord => {
    const token = tokens.find(id);
    if (!token) throw new ProxyError("not_found", `no token "${id}"`);
    return token;
  };

  const checkProjectName = (name: string): void => {
    if (!projectNamePattern.test(name)) {
      throw new ProxyError(
        "invalid_request",
        `project name "${name}": expected 1-64 letters, digits, '.', '_' or '-'`,
      );
    }
  };
  const createProject = (name: string, options: ProjectOptions = {}): Project => {
    checkProjectName(name);
    if (projects.find(name)) throw new ProxyError("conflict", `project "${name}" already exists`);
    const budget = nextBudget(null, options.budget ?? null, now());
    const project = projects.create(name, now(), budget);
    record("project.create", project.name, { id: project.id, ...budgetDetails(budget) });
    return project;
  };

  return {
    createProject,
    updateProject(nameOrId, update) {
      const project = requireProject(nameOrId);
      const budget = nextBudget(project.budget, update.budget, now());
      budgets.setBudget("project", project.id, budget);
      record("project.budget", project.name, { id: project.id, ...budgetDetails(budget) });
      return { ...project, budget };
    },
    listProjects: () =>
      projects.list().map((project) => ({ ...project, tokens: projects.tokenCount(project.id) })),
    showProject(nameOrId) {
      const project = requireProject(nameOrId);
      return { ...project, tokens: tokens.list(project.id) };
    },
    setProjectActive(nameOrId, active) {
      const project = requireProject(nameOrId);
      projects.setActive(project.id, active);
      record(active ? "project.enable" : "project.disable", project.name, { id: project.id });
      return { ...project, active };
    },
    deleteProject(nameOrId, force) {
      const project = requireProject(nameOrId);
      const count = projects.tokenCount(project.id);
      if (count > 0 && !force) {
        throw new ProxyError(
          "conflict",
          `project "${project.name}" still has ${count} token(s); revoke them or pass --force (force=true) to delete them too`,
        );
      }
      const tokensDeleted = projects.delete(project.id, force);
      record("project.delete", project.name, { id: project.id, tokens_deleted: tokensDeleted });
      return { project, tokensDeleted };
    },
    createToken(options) {
      checkExpiry(options.expiresAt, now());
      let project = projects.find(options.project);
      let projectCreated = false;
      if (!project) {
        // another process may create it at the same moment: both must end up with the one row
        checkProjectName(options.project);
        const ensured = projects.ensure(options.project, now());
        project = ensured.project;
        projectCreated = ensured.created;
        if (projectCreated) record("project.create", project.name, { id: project.id });
      }
      const budget = nextBudget(null, options.budget ?? null, now());
      const generated = generateClientToken();
      const token = tokens.insert({
        id: generated.id,
        hash: generated.hash,
        prefix: generated.prefix,
        project_id: project.id,
        name: options.name ?? "",
        created_at: now(),
        expires_at: options.expiresAt ?? null,
        max_requests: options.maxRequests ?? null,
        models: options.models ?? null,
        rpm: options.rpm ?? null,
        tpm: options.tpm ?? null,
        budget,
      });
      record("token.create", token.id, {
        project: project.name,
        name: token.name,
        ...budgetDetails(budget),
      });
      return { token, secret: generated.secret, project, projectCreated };
    },
    listTokens(project) {
      if (project === undefined) return tokens.list();
      return tokens.list(requireProject(project).id);
    },
    updateTokenBudget(id, input) {
      const token = requireToken(id);
      const budget = nextBudget(token.budget, input, now());
      budgets.setBudget("token", token.id, budget);
      record("token.budget", token.id, budgetDetails(budget));
      return { ...token, budget };
    },
    revokeToken(id) {
      const token = requireToken(id);
      if (!tokens.revoke(token.id, now())) {
        throw new ProxyError("conflict", `token ${token.id} is already revoked`);
      }
      record("token.revoke", token.id, { project_id: token.project_id });
      return tokens.find(token.id) as TokenRecord;
    },
    updateToken(id, changes) {
      const token = tokens.find(id);
      if (!token) throw new ProxyError("not_found", `no token "${id}"`);
      if (token.revoked_at !== null) {
        throw new ProxyError("conflict", `token ${token.id} is revoked; create a new one instead`);
      }
      const updated = tokens.update(token.id, changes) as TokenRecord;
      record("token.update", token.id, { project_id: token.project_id, changes });
      return updated;
    },
    viewOf(token) {
      return toTokenView(token, projects.find(token.project_id)?.name ?? token.project_id);
    },
  };
}

// --- internal ---

/** A row is only written if every listing can show it: its expiry must be a date, within bounds. */
function checkExpiry(expiresAt: number | undefined, now: number): void {
  if (expiresAt === undefined) return;
  if (Number.isFinite(expiresAt) && expiresAt - now <= maxDurationMs) return;
  throw new ProxyError(
    "invalid_request",
    `expires: at most ${formatDuration(maxDurationMs)} (100 years) from now`,
    { param: "expires" },
  );
}
