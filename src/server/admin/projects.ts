// /admin/projects: list, create, show (with its tokens), enable/disable, delete.

import { toProjectView } from "../../auth/index.ts";
import { type AdminDeps, needManagement } from "./admin-deps.ts";
import { parseBody } from "./admin-input.ts";
import { type AdminRoute, defineRoute } from "./route-table.ts";
import { budgetOf, createProjectBody, patchProjectBody } from "./schemas.ts";

export function projectRoutes(deps: AdminDeps): AdminRoute[] {
  return [
    defineRoute("GET", "/admin/projects", async () => {
      const projects = await needManagement(deps).listProjects();
      return Response.json({
        projects: projects.map((project) => ({
          ...toProjectView(project),
          tokens: project.tokens,
        })),
      });
    }),
    defineRoute("POST", "/admin/projects", async ({ request }) => {
      const body = await parseBody(request, createProjectBody);
      const budget = budgetOf(body) ?? undefined;
      const project = await needManagement(deps).createProject(body.name, budget ? { budget } : {});
      return Response.json(toProjectView(project), { status: 201 });
    }),
    defineRoute("GET", "/admin/projects/:name", async ({ params }) => {
      const management = needManagement(deps);
      const project = await management.showProject(params.name);
      return Response.json({
        ...toProjectView(project),
        tokens: await management.viewsOf(project.tokens),
      });
    }),
    defineRoute("PATCH", "/admin/projects/:name", async ({ request, params }) => {
      const body = await parseBody(request, patchProjectBody);
      const management = needManagement(deps);
      const budget = budgetOf(body);
      if (budget !== undefined) await management.updateProject(params.name, { budget });
      const project =
        body.active === undefined
          ? await management.showProject(params.name)
          : await management.setProjectActive(params.name, body.active);
      return Response.json(toProjectView(project));
    }),
    defineRoute("DELETE", "/admin/projects/:name", async ({ url, params }) => {
      const force = url.searchParams.get("force") === "true";
      const { project, tokensDeleted } = await needManagement(deps).deleteProject(
        params.name,
        force,
      );
      return Response.json({ deleted: project.name, tokens_deleted: tokensDeleted });
    }),
  ];
}
