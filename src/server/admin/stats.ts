// /admin/stats?since=1h&step=1m: requests, errors, p50/p99 latency, tokens and cost per time
// bucket, for the dashboard's charts. Buckets are aligned to the step (UTC) and the last one is
// the current, still-filling bucket.

import { ProxyError } from "../../shared/index.ts";
import type { StatsWindow } from "../../store/index.ts";
import type { AdminDeps } from "./admin-deps.ts";
import { durationParam } from "./admin-input.ts";
import { type AdminRoute, defineRoute } from "./route-table.ts";
import { needUsage } from "./usage.ts";

const minuteMs = 60_000;
const maxBuckets = 2_880;

export function statsRoutes(deps: AdminDeps): AdminRoute[] {
  return [
    defineRoute("GET", "/admin/stats", async ({ url }) => {
      const window = statsWindow(
        durationParam(url, "since", "1h"),
        durationParam(url, "step", "1m"),
        deps.now(),
      );
      return Response.json({ points: await needUsage(deps).stats(window) });
    }),
  ];
}

/** The buckets covering the last `sinceMs`, ending with the one that holds `now`. */
export function statsWindow(sinceMs: number, stepMs: number, now: number): StatsWindow {
  if (stepMs % minuteMs !== 0) {
    throw new ProxyError("invalid_request", "step: expected whole minutes (1m, 5m, 1h)", {
      param: "step",
    });
  }
  const buckets = Math.ceil(sinceMs / stepMs);
  if (buckets > maxBuckets) {
    throw new ProxyError(
      "invalid_request",
      `since/step: ${buckets} buckets is more than ${maxBuckets}; use a larger step`,
      { param: "step" },
    );
  }
  const last = Math.floor(now / stepMs) * stepMs;
  return { from: last - (buckets - 1) * stepMs, stepMs, buckets };
}
