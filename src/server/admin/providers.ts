// /admin/providers: live state of every provider (breaker, health, credentials), and resetting
// a provider's benched credentials.

import { ProxyError } from "../../shared/index.ts";
import { type AdminDeps, auditAdmin } from "./admin-deps.ts";
import { type AdminRoute, defineRoute } from "./route-table.ts";

export function providerRoutes(deps: AdminDeps): AdminRoute[] {
  return [
    defineRoute("GET", "/admin/providers", () =>
      Response.json({ providers: deps.providerSnapshots() }),
    ),
    defineRoute("POST", "/admin/providers/:name/reset-credentials", ({ params }) => {
      const { name } = params;
      if (!deps.resetCredentials(name)) {
        throw new ProxyError(
          "not_found",
          `provider "${name}" has no credential pool (keys or auth)`,
        );
      }
      auditAdmin(deps, "provider.reset_credentials", name);
      return Response.json({ provider: name, reset: true });
    }),
  ];
}
