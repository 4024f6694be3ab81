// `llm-proxy project create|list|show|disable|enable|delete`.

import { defineCommand } from "citty";
import { toProjectView } from "../auth/index.ts";
import { budgetArgs, describeBudget, parseBudgetFlags } from "./_budget-flags.ts";
import { UsageError } from "./_errors.ts";
import { configArg, rejectUnknownFlags } from "./_flags.ts";
import { withManagement } from "./_store.ts";

const nameArgs = {
  ...configArg,
  name: { type: "positional", description: "Project name", required: true },
  json: { type: "boolean", description: "Print JSON" },
} as const;

const listArgs = { ...configArg, json: { type: "boolean", description: "Print JSON" } } as const;

const budgetedArgs = { ...nameArgs, ...budgetArgs } as const;

const updateArgs = {
  ...nameArgs,
  budget: { type: "string", description: 'Budget in USD, or "none" to remove it' },
  period: budgetArgs.period,
} as const;

const deleteArgs = {
  ...nameArgs,
  force: { type: "boolean", description: "Also delete the project's tokens" },
} as const;

function setActive(active: boolean) {
  return defineCommand({
    meta: {
      name: active ? "enable" : "disable",
      description: active
        ? "Let the project's tokens work again"
        : "Refuse the project's tokens (403)",
    },
    args: nameArgs,
    run: async ({ args, rawArgs }) => {
      rejectUnknownFlags(rawArgs, nameArgs);
      await withManagement(args.config, async (management) => {
        const project = toProjectView(await management.setProjectActive(args.name, active));
        if (args.json) console.log(JSON.stringify(project));
        else console.error(`project "${project.name}" ${active ? "enabled" : "disabled"}`);
      });
    },
  });
}

export const projectCommand = defineCommand({
  meta: { name: "project", description: "Manage projects (the owners of client tokens)" },
  subCommands: {
    create: defineCommand({
      meta: { name: "create", description: "Create a project, optionally with a budget" },
      args: budgetedArgs,
      run: async ({ args, rawArgs }) => {
        rejectUnknownFlags(rawArgs, budgetedArgs);
        const budget = parseBudgetFlags(args, false) ?? undefined;
        await withManagement(args.config, async (management) => {
          const created = await management.createProject(args.name, { budget });
          const project = toProjectView(created);
          if (args.json) console.log(JSON.stringify(project));
          else {
            const budgetNote = created.budget ? `, budget ${describeBudget(created.budget)}` : "";
            console.error(`created project "${project.name}" (${project.id})${budgetNote}`);
          }
        });
      },
    }),
    update: defineCommand({
      meta: { name: "update", description: "Change a project's budget (--budget none removes it)" },
      args: updateArgs,
      run: async ({ args, rawArgs }) => {
        rejectUnknownFlags(rawArgs, updateArgs);
        const budget = parseBudgetFlags(args, true);
        if (budget === undefined)
          throw new UsageError("project update: nothing to change (pass --budget)");
        await withManagement(args.config, async (management) => {
          const updated = await management.updateProject(args.name, { budget });
          if (args.json) console.log(JSON.stringify(toProjectView(updated)));
          else console.error(`project "${updated.name}": budget ${describeBudget(updated.budget)}`);
        });
      },
    }),
    list: defineCommand({
      meta: { name: "list", description: "List projects" },
      args: listArgs,
      run: async ({ args, rawArgs }) => {
        rejectUnknownFlags(rawArgs, listArgs);
        await withManagement(args.config, async (management) => {
          const projects = (await management.listProjects()).map((project) => ({
            ...toProjectView(project),
            tokens: project.tokens,
          }));
          if (args.json) {
            console.log(JSON.stringify(projects));
            return;
          }
          if (projects.length === 0) console.error("no projects");
          for (const project of projects) {
            const state = project.active ? "active" : "disabled";
            const budget =
              project.budget_usd === null
                ? ""
                : `  budget=$${project.budget_usd} ${project.budget_period}`;
            console.log(
              `${project.name}  ${project.id}  ${state}  tokens=${project.tokens}${budget}`,
            );
          }
        });
      },
    }),
    show: defineCommand({
      meta: { name: "show", description: "Show a project and its tokens" },
      args: nameArgs,
      run: async ({ args, rawArgs }) => {
        rejectUnknownFlags(rawArgs, nameArgs);
        await withManagement(args.config, async (management) => {
          const project = await management.showProject(args.name);
          const view = {
            ...toProjectView(project),
            tokens: await management.viewsOf(project.tokens),
          };
          console.log(args.json ? JSON.stringify(view) : JSON.stringify(view, null, 2));
        });
      },
    }),
    disable: setActive(false),
    enable: setActive(true),
    delete: defineCommand({
      meta: {
        name: "delete",
        description: "Delete a project (refused while it has tokens, unless --force)",
      },
      args: deleteArgs,
      run: async ({ args, rawArgs }) => {
        rejectUnknownFlags(rawArgs, deleteArgs);
        await withManagement(args.config, async (management) => {
          const { project, tokensDeleted } = await management.deleteProject(
            args.name,
            args.force === true,
          );
          if (args.json)
            console.log(JSON.stringify({ deleted: project.name, tokens_deleted: tokensDeleted }));
          else console.error(`deleted project "${project.name}" and ${tokensDeleted} token(s)`);
        });
      },
    }),
  },
});
