// The token half of the management API: create (the secret is returned once), list, revoke,
// change the limits or budget of tokens, and show them; each change is audited and announced.

import { formatDuration, maxDurationMs } from "../config/index.ts";
import { ProxyError } from "../shared/index.ts";
import type { TokenRecord } from "../store/index.ts";
import { budgetDetails, nextBudget } from "./budget-input.ts";
import type { Management } from "./management.ts";
import type { ManagementContext } from "./management-context.ts";
import { generateClientToken } from "./token-secret.ts";
import { toTokenView } from "./views.ts";

type TokenCommands = Pick<
  Management,
  | "createToken"
  | "listTokens"
  | "showToken"
  | "revokeToken"
  | "updateTokenBudget"
  | "updateToken"
  | "viewOf"
  | "viewsOf"
>;

export function createTokenCommands(context: ManagementContext): TokenCommands {
  return {
    async createToken(options) {
      checkExpiry(options.expiresAt, context.now());
      // checked before a missing project is made: a refused token leaves nothing behind
      const budget = nextBudget(null, options.budget ?? null, context.now());
      let project = await context.projects.find(options.project);
      let projectCreated = false;
      if (!project) {
        // another process may create it at the same moment: both must end up with the one row
        context.checkProjectName(options.project);
        const ensured = await context.projects.ensure(options.project, context.now());
        project = ensured.project;
        projectCreated = ensured.created;
        if (projectCreated)
          await context.record("project.create", project.name, { id: project.id });
      }
      const generated = generateClientToken();
      const token = await context.tokens.insert({
        id: generated.id,
        hash: generated.hash,
        prefix: generated.prefix,
        project_id: project.id,
        name: options.name ?? "",
        created_at: context.now(),
        expires_at: options.expiresAt ?? null,
        max_requests: options.maxRequests ?? null,
        models: options.models ?? null,
        rpm: options.rpm ?? null,
        tpm: options.tpm ?? null,
        budget,
      });
      await context.record("token.create", token.id, {
        project: project.name,
        name: token.name,
        ...budgetDetails(budget),
      });
      return { token, secret: generated.secret, project, projectCreated };
    },
    async listTokens(project) {
      if (project === undefined) return context.tokens.list();
      return context.tokens.list((await context.requireProject(project)).id);
    },
    showToken: (id) => context.requireToken(id),
    async updateTokenBudget(id, input) {
      const token = await context.requireToken(id);
      const budget = nextBudget(token.budget, input, context.now());
      await context.budgets.setBudget("token", token.id, budget);
      await context.record("token.budget", token.id, budgetDetails(budget));
      await context.changed({ token: token.id });
      return { ...token, budget };
    },
    async revokeToken(id) {
      const token = await context.requireToken(id);
      if (!(await context.tokens.revoke(token.id, context.now()))) {
        throw new ProxyError("conflict", `token ${token.id} is already revoked`);
      }
      await context.record("token.revoke", token.id, { project_id: token.project_id });
      await context.changed({ token: token.id });
      return (await context.tokens.find(token.id)) as TokenRecord;
    },
    async updateToken(id, changes) {
      const token = await context.tokens.find(id);
      if (!token) throw new ProxyError("not_found", `no token "${id}"`);
      if (token.revoked_at !== null) {
        throw new ProxyError("conflict", `token ${token.id} is revoked; create a new one instead`);
      }
      const updated = (await context.tokens.update(token.id, changes)) as TokenRecord;
      await context.record("token.update", token.id, { project_id: token.project_id, changes });
      await context.changed({ token: token.id });
      return updated;
    },
    async viewOf(token) {
      const project = await context.projects.find(token.project_id);
      return toTokenView(token, project?.name ?? token.project_id);
    },
    async viewsOf(list) {
      const names = new Map(
        (await context.projects.list()).map((project) => [project.id, project.name]),
      );
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
