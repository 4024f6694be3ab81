// The project half of the management API: create, change the budget of, list, show, disable
// or enable, and delete projects; each change is audited and announced.

import { ProxyError } from "../shared/index.ts";
import type { Project } from "../store/index.ts";
import { budgetDetails, nextBudget } from "./budget-input.ts";
import type { Management, ProjectOptions } from "./management.ts";
import type { ManagementContext } from "./management-context.ts";

type ProjectCommands = Pick<
  Management,
  | "createProject"
  | "updateProject"
  | "listProjects"
  | "showProject"
  | "setProjectActive"
  | "deleteProject"
>;

export function createProjectCommands(context: ManagementContext): ProjectCommands {
  return {
    async createProject(name: string, options: ProjectOptions = {}): Promise<Project> {
      context.checkProjectName(name);
      if (await context.projects.find(name)) {
        throw new ProxyError("conflict", `project "${name}" already exists`);
      }
      const budget = nextBudget(null, options.budget ?? null, context.now());
      const project = await context.projects.create(name, context.now(), budget);
      await context.record("project.create", project.name, {
        id: project.id,
        ...budgetDetails(budget),
      });
      return project;
    },
    async updateProject(nameOrId, update) {
      const project = await context.requireProject(nameOrId);
      const budget = nextBudget(project.budget, update.budget, context.now());
      await context.budgets.setBudget("project", project.id, budget);
      await context.record("project.budget", project.name, {
        id: project.id,
        ...budgetDetails(budget),
      });
      await context.changed({ project: project.id });
      return { ...project, budget };
    },
    listProjects: async () =>
      Promise.all(
        (await context.projects.list()).map(async (project) => ({
          ...project,
          tokens: await context.projects.tokenCount(project.id),
        })),
      ),
    async showProject(nameOrId) {
      const project = await context.requireProject(nameOrId);
      return { ...project, tokens: await context.tokens.list(project.id) };
    },
    async setProjectActive(nameOrId, active) {
      const project = await context.requireProject(nameOrId);
      await context.projects.setActive(project.id, active);
      await context.record(active ? "project.enable" : "project.disable", project.name, {
        id: project.id,
      });
      await context.changed({ project: project.id });
      return { ...project, active };
    },
    async deleteProject(nameOrId, force) {
      const project = await context.requireProject(nameOrId);
      const count = await context.projects.tokenCount(project.id);
      if (count > 0 && !force) {
        throw new ProxyError(
          "conflict",
          `project "${project.name}" still has ${count} token(s); revoke them or pass --force (force=true) to delete them too`,
        );
      }
      const tokensDeleted = await context.projects.delete(project.id, force);
      await context.record("project.delete", project.name, {
        id: project.id,
        tokens_deleted: tokensDeleted,
      });
      await context.changed({ project: project.id });
      return { project, tokensDeleted };
    },
  };
}
