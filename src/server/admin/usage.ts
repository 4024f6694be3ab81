// /admin/usage: requests, tokens and errors over a window, grouped by project, token, model or
// provider.

import { ProxyError } from "../../shared/index.ts";
import { type UsageGrouping, type UsageRepository, usageGroupings } from "../../store/index.ts";
import type { AdminDeps } from "./admin-deps.ts";
import { durationParam } from "./admin-input.ts";
import { type AdminRoute, defineRoute } from "./route-table.ts";

export function usageRoutes(deps: AdminDeps): AdminRoute[] {
  return [
    defineRoute("GET", "/admin/usage", async ({ url }) => {
      const sinceMs = durationParam(url, "since", "24h");
      const by = groupingParam(url);
      const summary = await needUsage(deps).summarize(deps.now() - sinceMs, by);
      const rows = summary.map(({ key, ...counts }) => ({ [by]: key, ...counts }));
      return Response.json({ usage: rows });
    }),
  ];
}

export function needUsage(deps: AdminDeps): UsageRepository {
  if (!deps.usage) throw new ProxyError("not_found", "usage recording is off (usage.enabled)");
  return deps.usage;
}

// --- internal ---

function groupingParam(url: URL): UsageGrouping {
  const by = url.searchParams.get("by") ?? "project";
  const grouping = usageGroupings.find((name) => name === by);
  if (grouping) return grouping;
  throw new ProxyError("invalid_request", `by: expected one of ${usageGroupings.join(", ")}`, {
    param: "by",
  });
}
