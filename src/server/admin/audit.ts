// /admin/audit: the audit log, newest first, optionally over a window.

import { type AdminDeps, needAudit } from "./admin-deps.ts";
import { durationValue, limitParam } from "./admin-input.ts";
import { type AdminRoute, defineRoute } from "./route-table.ts";

export function auditRoutes(deps: AdminDeps): AdminRoute[] {
  return [
    defineRoute("GET", "/admin/audit", async ({ url }) => {
      const since = url.searchParams.get("since");
      const events = await needAudit(deps).list({
        since: since === null ? undefined : deps.now() - durationValue("since", since),
        limit: limitParam(url, 100),
      });
      return Response.json({
        events: events.map((event) => ({ ...event, at: new Date(event.at).toISOString() })),
      });
    }),
  ];
}
