// POST /admin/reload: re-reads the config file the server started with and swaps it in, or
// answers 400 with every problem (DESIGN.md, reload without restart; the shapes are pinned there).

import { type AdminDeps, needReload } from "./admin-deps.ts";
import { type AdminRoute, defineRoute } from "./route-table.ts";

export function reloadRoutes(deps: AdminDeps): AdminRoute[] {
  return [
    defineRoute("POST", "/admin/reload", async () => {
      const outcome = await needReload(deps)("admin");
      if (outcome.ok) return Response.json(outcome.result);
      const { message, problems } = outcome;
      return Response.json(
        { error: { message, type: "invalid_request_error", code: "invalid_config" }, problems },
        { status: 400 },
      );
    }),
  ];
}
