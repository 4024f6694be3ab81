// Project and token administration shared by the CLI and the admin API. Every change writes an
// audit event naming who made it (secrets never reach the audit log), and is announced so that
// running instances drop what they cached of it.

import type { Project, TokenChanges, TokenRecord } from "../store/index.ts";
import type { BudgetInput } from "./budget-input.ts";
import { createManagementContext, type ManagementDeps } from "./management-context.ts";
import { createProjectCommands } from "./project-commands.ts";
import { createTokenCommands } from "./token-commands.ts";
import type { TokenView } from "./views.ts";

export {
  type ManagementChange,
  type ManagementDeps,
  toSharedEvent,
} from "./management-context.ts";

type TokenOptions = {
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
type ProjectUpdate = { budget: BudgetInput | null };

type CreatedToken = {
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
  /** One token by id; not_found when there is none. */
  showToken(id: string): Promise<TokenRecord>;
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

export function createManagement(deps: ManagementDeps): Management {
  const context = createManagementContext(deps);
  return { ...createProjectCommands(context), ...createTokenCommands(context) };
}
