// GET /admin/budgets: every project and token budget with its spend, what is reserved right
// now and when it resets (DESIGN.md's `budget list --json` rows).

import { ProxyError } from "../../shared/index.ts";
import type { AdminDeps } from "./admin-deps.ts";
import { type AdminRoute, defineRoute } from "./route-table.ts";

export function budgetRoutes(deps: AdminDeps): AdminRoute[] {
  return [
    defineRoute("GET", "/admin/budgets", async () => {
      if (!deps.budgets) {
        throw new ProxyError("not_found", "budgets need auth.mode: tokens (and the store)");
      }
      return Response.json(await deps.budgets());
    }),
  ];
}
