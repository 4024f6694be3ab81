// /admin/providers: live state of every provider (breaker, health, credentials); resetting a
// provider (breaker, cool-downs and credentials) or only its benched credentials.

import { ProxyError } from "../../shared/index.ts";
import { type AdminDeps, auditAdmin } from "./admin-deps.ts";
import { type AdminRoute, defineRoute } from "./route-table.ts";

export function providerRoutes(deps: AdminDeps): AdminRoute[] {
  return [
    defineRoute("GET", "/admin/providers", () =>
      Response.json({ providers: deps.providerSnapshots() }),
    ),
    defineRoute("POST", "/admin/providers/:name/reset", async ({ params }) => {
      const { name } = params;
      if (!deps.resetProvider(name)) throw new ProxyError("not_found", `no provider "${name}"`);
      const credentials = deps.resetCredentials(name);
      await auditAdmin(deps, "provider.reset", name, { credentials });
      const provider = deps.providerSnapshots().find((snapshot) => snapshot.name === name);
      return Response.json({
        provider: name,
        reset: true,
        credentials_reset: credentials,
        snapshot: provider,
      });
    }),
    defineRoute("POST", "/admin/providers/:name/reset-credentials", async ({ params }) => {
      const { name } = params;
      if (!deps.resetCredentials(name)) {
        throw new ProxyError(
          "not_found",
          `provider "${name}" has no credential pool (keys or auth)`,
        );
      }
      await auditAdmin(deps, "provider.reset_credentials", name);
      return Response.json({ provider: name, reset: true });
    }),
  ];
}
