// What the project and token commands of the management API share: the repositories, the audit
// record of each change, the announcement of what went stale, and the lookups that 404.

import { ProxyError } from "../shared/index.ts";
import type {
  AuditActor,
  AuditRepository,
  BudgetRepository,
  Project,
  ProjectRepository,
  SharedEvent,
  TokenRecord,
  TokenRepository,
} from "../store/index.ts";

/** What changed, for the instances whose cached rows it makes stale. */
export type ManagementChange = { token: string } | { project: string };

export type ManagementDeps = {
  projects: ProjectRepository;
  tokens: TokenRepository;
  budgets: BudgetRepository;
  audit: AuditRepository;
  actor: AuditActor;
  now: () => number;
  /**
   * Tells running instances (this one, and the others over shared.redis) that a token or
   * project changed, so a revocation or a disable applies at once; it never throws.
   */
  announce?: (change: ManagementChange) => Promise<void>;
};

export type ManagementContext = ManagementDeps & {
  record(action: string, target: string, details?: Record<string, unknown>): Promise<void>;
  changed(change: ManagementChange): Promise<void>;
  requireProject(nameOrId: string): Promise<Project>;
  requireToken(id: string): Promise<TokenRecord>;
  checkProjectName(name: string): void;
};

const projectNamePattern = /^[A-Za-z0-9._-]{1,64}$/;

export function createManagementContext(deps: ManagementDeps): ManagementContext {
  return {
    ...deps,
    record: (action, target, details) =>
      deps.audit.record({
        at: deps.now(),
        actor: deps.actor,
        action,
        target,
        details: details ?? null,
      }),
    changed: async (change) => deps.announce?.(change),
    async requireProject(nameOrId) {
      const project = await deps.projects.find(nameOrId);
      if (!project) throw new ProxyError("not_found", `no project "${nameOrId}"`);
      return project;
    },
    async requireToken(id) {
      const token = await deps.tokens.find(id);
      if (!token) throw new ProxyError("not_found", `no token "${id}"`);
      return token;
    },
    checkProjectName(name) {
      if (!projectNamePattern.test(name)) {
        throw new ProxyError(
          "invalid_request",
          `project name "${name}": expected 1-64 letters, digits, '.', '_' or '-'`,
        );
      }
    },
  };
}

/** The event that tells other instances of a change. */
export function toSharedEvent(change: ManagementChange): SharedEvent {
  return "token" in change
    ? { type: "token_changed", token_id: change.token }
    : { type: "project_changed", project_id: change.project };
}
