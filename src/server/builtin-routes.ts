// The proxy's own endpoints: /health (liveness), /ready (a provider can answer), /config.

import { type Config, redactConfig } from "../config/index.ts";
import type { ProviderSnapshot, Semaphore } from "../routing/index.ts";
import type { ByteBudget, Clock } from "../shared/index.ts";
import type { AdminGate } from "./admin/admin-gate.ts";
import type { PeerLookup } from "./client-address.ts";
import type { InFlight } from "./in-flight.ts";

export type BuiltinRoute = (
  request: Request,
  peer: PeerLookup | undefined,
) => Response | Promise<Response>;

/** One readiness check's verdict, as GET /ready shows it. */
export type Check = { ok: boolean; error?: string };

export type BuiltinRoutesOptions = {
  config: Config;
  version: string;
  /** Epoch ms of the process start, by `clock` (/health's uptime). */
  startedAt: number;
  clock: Clock;
  providerSnapshots: () => ProviderSnapshot[];
  /** Whether the store answers; undefined when nothing configured keeps data in one. */
  checkStore: () => Promise<Check | undefined>;
  /** Whether Redis (shared.redis) answers; undefined without it. */
  checkRedis: () => Promise<Check | undefined>;
  inFlight: InFlight;
  /** The global admission queue (queue.max_concurrent). */
  admission: Semaphore;
  /** The admin key check and its throttle (GET /config needs the key when one is set). */
  adminGate: AdminGate;
  /** Bytes of request bodies being read (server.max_body_in_flight). */
  bodyBudget: ByteBudget;
  /** A hash of the effective config, and when it was loaded (epoch ms): /config shows both. */
  configVersion: string;
  loadedAt: number;
  /** Prometheus text for GET /metrics; undefined when metrics.enabled is false. */
  metrics: (() => string) | undefined;
};

export function createBuiltinRoutes(options: BuiltinRoutesOptions): Map<string, BuiltinRoute> {
  const loaded = {
    version: options.configVersion,
    loaded_at: new Date(options.loadedAt).toISOString(),
  };
  const redacted = JSON.stringify({ ...loaded, ...redactConfig(options.config) }, null, 2);
  const adminKey = options.config.auth.admin_key;
  const metrics = options.metrics;
  const routes = new Map<string, BuiltinRoute>([
    [
      "/health",
      () =>
        Response.json({
          status: "ok",
          version: options.version,
          uptime_seconds: Math.round((options.clock.now() - options.startedAt) / 1000),
          in_flight: options.inFlight.count(),
          bodies_in_flight_bytes: options.bodyBudget.inUse(),
          queue: {
            active: options.admission.inUse(),
            waiting: options.admission.waiting(),
            max_concurrent: options.admission.capacity,
          },
        }),
    ],
    ["/ready", () => readiness(options)],
    [
      "/config",
      (request, peer) => {
        if (adminKey) options.adminGate.require(request, peer, "GET /config");
        return new Response(redacted, { headers: { "content-type": "application/json" } });
      },
    ],
  ]);
  if (metrics) {
    routes.set(
      "/metrics",
      () =>
        new Response(metrics(), {
          headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
        }),
    );
  }
  return routes;
}

// --- internal ---

// Ready while the instance can serve (DESIGN.md): the store answers, Redis answers when
// fail_mode closed needs it, and some provider passes its active health check. 429 cooldowns and
// open breakers are load, not reachability.
async function readiness(options: BuiltinRoutesOptions): Promise<Response> {
  const providers: Record<string, { state: string }> = {};
  let reachable = false;
  for (const snapshot of options.providerSnapshots()) {
    providers[snapshot.name] = { state: snapshot.state };
    if (snapshot.health_check !== "down") reachable = true;
  }
  const [store, redis] = await Promise.all([options.checkStore(), options.checkRedis()]);
  const redisNeeded = options.config.shared?.fail_mode === "closed";
  const ready = reachable && (store?.ok ?? true) && (!redisNeeded || (redis?.ok ?? true));
  const checks = { ...(store ? { store } : {}), ...(redis ? { redis } : {}), providers };
  return Response.json(
    { status: ready ? "ready" : "unavailable", checks },
    { status: ready ? 200 : 503 },
  );
}
