// /admin/tokens: list (by project), create (the secret is in this one answer only), show,
// change (name, limits, models) and revoke.

import { type AdminDeps, needManagement } from "./admin-deps.ts";
import { durationValue, parseBody } from "./admin-input.ts";
import { type AdminRoute, defineRoute } from "./route-table.ts";
import { budgetOf, createTokenBody, patchTokenBody } from "./schemas.ts";

export function tokenRoutes(deps: AdminDeps): AdminRoute[] {
  return [
    defineRoute("GET", "/admin/tokens", async ({ url }) => {
      const management = needManagement(deps);
      const project = url.searchParams.get("project") ?? undefined;
      const tokens = await management.viewsOf(await management.listTokens(project));
      return Response.json({ tokens });
    }),
    defineRoute("POST", "/admin/tokens", async ({ request }) => {
      const body = await parseBody(request, createTokenBody);
      const management = needManagement(deps);
      const expires = body.expires ?? undefined;
      const created = await management.createToken({
        project: body.project,
        name: body.name ?? undefined,
        expiresAt:
          expires === undefined ? undefined : deps.now() + durationValue("expires", expires),
        models: body.models ?? undefined,
        rpm: body.rpm ?? undefined,
        tpm: body.tpm ?? undefined,
        maxRequests: body.max_requests ?? undefined,
        budget: budgetOf(body) ?? undefined,
      });
      const view = await management.viewOf(created.token);
      const { id, project, name, expires_at } = view;
      return Response.json(
        { id, token: created.secret, project, name, expires_at },
        { status: 201 },
      );
    }),
    defineRoute("GET", "/admin/tokens/:id", async ({ params }) => {
      const management = needManagement(deps);
      return Response.json(await management.viewOf(await management.showToken(params.id)));
    }),
    defineRoute("PATCH", "/admin/tokens/:id", async ({ request, params }) => {
      const body = await parseBody(request, patchTokenBody);
      const { name, rpm, tpm, max_requests, models } = body;
      const management = needManagement(deps);
      const budget = budgetOf(body);
      const limits = { name, rpm, tpm, max_requests, models };
      const changesLimits = Object.values(limits).some((value) => value !== undefined);
      let token = changesLimits ? await management.updateToken(params.id, limits) : undefined;
      if (budget !== undefined) token = await management.updateTokenBudget(params.id, budget);
      return Response.json(
        await management.viewOf(token ?? (await management.showToken(params.id))),
      );
    }),
    defineRoute("DELETE", "/admin/tokens/:id", async ({ params }) => {
      const management = needManagement(deps);
      return Response.json(await management.viewOf(await management.revokeToken(params.id)));
    }),
  ];
}
