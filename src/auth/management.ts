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
  createProject(name: string, options?: ProjectOptions): Promise<Project>;
  updateProject(nameOrId: string, update: ProjectUpdate): Promise<Project>;
  listProjects(): Promise<(Project & { tokens: number })[]>;
  showProject(nameOrId: string): Promise<Project & { tokens: TokenRecord[] }>;
  setProjectActive(nameOrId: string, active: boolean): Promise<Project>;
  deleteProject(
    nameOrId: string,
    force: boolean,
  ): Promise<{ project: Project; tokensDeleted: number }>;
  /** Creates the project too when it does not exist (`projectCreated` says so). */
  createToken(options: TokenOptions): Promise<CreatedToken>;
  listTokens(project?: string): Promise<TokenRecord[]>;
  revokeToken(id: string): Promise<TokenRecord>;
  /** Sets, changes or (null) removes a token's budget. */
  updateTokenBudget(id: string, budget: BudgetInput | null): Promise<TokenRecord>;
  /** Changes a live token's name, limits or models (a revoked one is a conflict). */
  updateToken(id: string, changes: TokenChanges): Promise<TokenRecord>;
  /** A token as listings show it, with its project's name. */
  viewOf(token: TokenRecord): Promise<TokenView>;
  /** Many tokens as listings show them (the projects read once). */
  viewsOf(tokens: readonly TokenRecord[]): Promise<TokenView[]>;
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

  const requireProject = async (nameOrId: string): Promise<Project> => {
    const project = await projects.find(nameOrId);
    if (!project) throw new ProxyError("not_found", `no project "${nameOrId}"`);
    return project;
  };

  const requireToken = async (id: string): Promise<TokenRecord> => {
    const token = await tokens.find(id);
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
  const createProject = async (name: string, options: ProjectOptions = {}): Promise<Project> => {
    checkProjectName(name);
    if (await projects.find(name)) {
      throw new ProxyError("conflict", `project "${name}" already exists`);
    }
    const budget = nextBudget(null, options.budget ?? null, now());
    const project = await projects.create(name, now(), budget);
    await record("project.create", project.name, { id: project.id, ...budgetDetails(budget) });
    return project;
  };

  return {
    createProject,
    async updateProject(nameOrId, update) {
      const project = await requireProject(nameOrId);
      const budget = nextBudget(project.budget, update.budget, now());
      await budgets.setBudget("project", project.id, budget);
      await record("project.budget", project.name, { id: project.id, ...budgetDetails(budget) });
      return { ...project, budget };
    },
    listProjects: async () =>
      Promise.all(
        (await projects.list()).map(async (project) => ({
          ...project,
          tokens: await projects.tokenCount(project.id),
        })),
      ),
    async showProject(nameOrId) {
      const project = await requireProject(nameOrId);
      return { ...project, tokens: await tokens.list(project.id) };
    },
    async setProjectActive(nameOrId, active) {
      const project = await requireProject(nameOrId);
      await projects.setActive(project.id, active);
      await record(active ? "project.enable" : "project.disable", project.name, { id: project.id });
      return { ...project, active };
    },
    async deleteProject(nameOrId, force) {
      const project = await requireProject(nameOrId);
      const count = await projects.tokenCount(project.id);
      if (count > 0 && !force) {
        throw new ProxyError(
          "conflict",
          `project "${project.name}" still has ${count} token(s); revoke them or pass --force (force=true) to delete them too`,
        );
      }
      const tokensDeleted = await projects.delete(project.id, force);
      await record("project.delete", project.name, {
        id: project.id,
        tokens_deleted: tokensDeleted,
      });
      return { project, tokensDeleted };
    },
    async createToken(options) {
      checkExpiry(options.expiresAt, now());
      let project = await projects.find(options.project);
      let projectCreated = false;
      if (!project) {
        // another process may create it at the same moment: both must end up with the one row
        checkProjectName(options.project);
        const ensured = await projects.ensure(options.project, now());
        project = ensured.project;
        projectCreated = ensured.created;
        if (projectCreated) await record("project.create", project.name, { id: project.id });
      }
      const budget = nextBudget(null, options.budget ?? null, now());
      const generated = generateClientToken();
      const token = await tokens.insert({
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
      await record("token.create", token.id, {
        project: project.name,
        name: token.name,
        ...budgetDetails(budget),
      });
      return { token, secret: generated.secret, project, projectCreated };
    },
    async listTokens(project) {
      if (project === undefined) return tokens.list();
      return tokens.list((await requireProject(project)).id);
    },
    async updateTokenBudget(id, input) {
      const token = await requireToken(id);
      const budget = nextBudget(token.budget, input, now());
      await budgets.setBudget("token", token.id, budget);
      await record("token.budget", token.id, budgetDetails(budget));
      return { ...token, budget };
    },
    async revokeToken(id) {
      const token = await requireToken(id);
      if (!(await tokens.revoke(token.id, now()))) {
        throw new ProxyError("conflict", `token ${token.id} is already revoked`);
      }
      await record("token.revoke", token.id, { project_id: token.project_id });
      return (await tokens.find(token.id)) as TokenRecord;
    },
    async updateToken(id, changes) {
      const token = await tokens.find(id);
      if (!token) throw new ProxyError("not_found", `no token "${id}"`);
      if (token.revoked_at !== null) {
        throw new ProxyError("conflict", `token ${token.id} is revoked; create a new one instead`);
      }
      const updated = (await tokens.update(token.id, changes)) as TokenRecord;
      await record("token.update", token.id, { project_id: token.project_id, changes });
      return updated;
    },
    async viewOf(token) {
      const project = await projects.find(token.project_id);
      return toTokenView(token, project?.name ?? token.project_id);
    },
    async viewsOf(list) {
      const names = new Map((await projects.list()).map((project) => [project.id, project.name]));
      return list.map((token) =>
        toTokenView(token, names.get(token.project_id) ?? token.project_id),
      );
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
