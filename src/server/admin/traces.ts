// /admin/traces: the newest traces (summaries) over a window, filtered by model, provider or
// status (ok | error), and one trace in full (by trace id or request id).

import { ProxyError } from "../../shared/index.ts";
import type { TraceRepository } from "../../store/index.ts";
import type { AdminDeps } from "./admin-deps.ts";
import { durationParam, limitParam } from "./admin-input.ts";
import { type AdminRoute, defineRoute } from "./route-table.ts";

export function traceRoutes(deps: AdminDeps): AdminRoute[] {
  return [
    defineRoute("GET", "/admin/traces", async ({ url }) => {
      const sinceMs = durationParam(url, "since", "24h");
      const outcome = url.searchParams.get("status");
      if (outcome !== null && outcome !== "ok" && outcome !== "error") {
        throw new ProxyError("invalid_request", "status: expected ok or error", {
          param: "status",
        });
      }
      const rows = await needTraces(deps).list({
        since: deps.now() - sinceMs,
        limit: limitParam(url, 50),
        model: url.searchParams.get("model") || undefined,
        provider: url.searchParams.get("provider") || undefined,
        outcome: outcome ?? undefined,
      });
      return Response.json({ traces: rows.map((trace) => ({ ...trace, time: iso(trace.at) })) });
    }),
    defineRoute("GET", "/admin/traces/:id", async ({ params }) => {
      const trace = await needTraces(deps).get(params.id);
      if (!trace) throw new ProxyError("not_found", `no trace "${params.id}"`);
      return Response.json({ ...trace, time: iso(trace.at) });
    }),
  ];
}

// --- internal ---

function needTraces(deps: AdminDeps): TraceRepository {
  if (!deps.traces) {
    throw new ProxyError("not_found", "traces are not stored in the store (traces.sink)");
  }
  return deps.traces;
}

function iso(at: number): string {
  return new Date(at).toISOString();
}
