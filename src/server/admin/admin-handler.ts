// The admin API under /admin: disabled without auth.admin_key, then the admin key, then the
// route table of every resource.

import { ProxyError } from "../../shared/index.ts";
import type { PeerLookup } from "../client-address.ts";
import type { AdminDeps } from "./admin-deps.ts";
import { auditRoutes } from "./audit.ts";
import { budgetRoutes } from "./budgets.ts";
import { cacheRoutes } from "./cache.ts";
import { projectRoutes } from "./projects.ts";
import { providerRoutes } from "./providers.ts";
import { reloadRoutes } from "./reload.ts";
import { createRouteTable, type RouteTable } from "./route-table.ts";
import { statsRoutes } from "./stats.ts";
import { tokenRoutes } from "./tokens.ts";
import { traceRoutes } from "./traces.ts";
import { usageRoutes } from "./usage.ts";

export type AdminHandler = (
  request: Request,
  pathname: string,
  peer: PeerLookup | undefined,
) => Promise<Response>;

export function createAdminHandler(deps: AdminDeps): AdminHandler {
  const table = createAdminRouteTable(deps);
  return async (request, pathname, peer) => {
    if (!deps.adminKey) {
      throw new ProxyError(
        "not_found",
        "the admin API is disabled: set auth.admin_key (or LLM_PROXY_ADMIN_KEY) to enable /admin/*",
      );
    }
    deps.gate.require(request, peer, `${request.method} ${pathname}`);
    const match = table.match(request.method, pathname);
    if (match.kind === "not_found") {
      throw new ProxyError("not_found", `unknown admin endpoint ${request.method} ${pathname}`);
    }
    if (match.kind === "method_not_allowed") {
      throw new ProxyError(
        "method_not_allowed",
        `${request.method} is not allowed on ${pathname}`,
        {
          headers: { allow: match.allow.join(", ") },
        },
      );
    }
    return match.route.handle({ request, url: new URL(request.url), params: match.params });
  };
}

function createAdminRouteTable(deps: AdminDeps): RouteTable {
  return createRouteTable([
    ...projectRoutes(deps),
    ...tokenRoutes(deps),
    ...providerRoutes(deps),
    ...usageRoutes(deps),
    ...statsRoutes(deps),
    ...traceRoutes(deps),
    ...auditRoutes(deps),
    ...cacheRoutes(deps),
    ...reloadRoutes(deps),
    ...budgetRoutes(deps),
  ]);
}
