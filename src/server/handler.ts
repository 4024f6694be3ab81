// The app's fetch function: built-in endpoints, the admin API and UI first, everything else
// through the pipeline.

import { isValidRequestId, newRequestId } from "../shared/index.ts";
import type { AdminHandler } from "./admin/admin-handler.ts";
import type { BuiltinRoute } from "./builtin-routes.ts";
import type { PeerLookup } from "./client-address.ts";
import { toErrorResponse } from "./error-response.ts";
import { handleProxyRequest, type PipelineContext } from "./pipeline.ts";
import { pathOf } from "./request-target.ts";
import { createUiRoute, isUiPath } from "./ui-route.ts";

/** The app's fetch: Bun's Server as `peer` tells the client's address (the admin gate needs it). */
export type Handler = (request: Request, peer?: PeerLookup) => Promise<Response>;

export function createHandler(
  routes: Map<string, BuiltinRoute>,
  admin: AdminHandler,
  ctx: PipelineContext,
): Handler {
  const ui = createUiRoute(ctx.config.auth.admin_key);
  return async (request, peer) => {
    const pathname = pathOf(request.url);
    // load balancers probe with HEAD: answered like GET, without a body
    const isRead = request.method === "GET" || request.method === "HEAD";
    const route = isRead ? routes.get(pathname) : undefined;
    const isAdmin = pathname.startsWith("/admin/");
    if (!route && !isAdmin && !isUiPath(pathname)) return handleProxyRequest(request, ctx);
    const inbound = request.headers.get("x-request-id");
    const requestId = isValidRequestId(inbound) ? inbound : newRequestId();
    try {
      const response = route
        ? await route(request, peer)
        : isAdmin
          ? await admin(request, pathname, peer)
          : await ui(request, pathname);
      response.headers.set("x-request-id", requestId);
      return request.method === "HEAD" && response.body ? withoutBody(response) : response;
    } catch (error: unknown) {
      return toErrorResponse(error, "openai", requestId, ctx.logger);
    }
  };
}

// --- internal ---

function withoutBody(response: Response): Response {
  return new Response(null, { status: response.status, headers: response.headers });
}
