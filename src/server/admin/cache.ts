// /admin/cache: empties the response cache (audited).

import { ProxyError } from "../../shared/index.ts";
import { type AdminDeps, auditAdmin } from "./admin-deps.ts";
import { type AdminRoute, defineRoute } from "./route-table.ts";

export function cacheRoutes(deps: AdminDeps): AdminRoute[] {
  return [
    defineRoute("DELETE", "/admin/cache", async () => {
      if (!deps.clearCache) throw new ProxyError("not_found", "the cache is off (cache.enabled)");
      const removed = await deps.clearCache();
      await auditAdmin(deps, "cache.clear", "cache", { removed });
      return Response.json({ cleared: true, removed });
    }),
  ];
}
