// The proxy's own endpoints: /health (liveness), /ready (a provider can answer), /config.

import { type Config, redactConfig } from "../config/index.ts";
import type { ProviderSnapshot, Semaphore } from "../routing/index.ts";
import { requireAdminKey } from "./admin/admin-key.ts";
import type { InFlight } from "./in-flight.ts";

export type BuiltinRoute = (request: Request) => Response | Promise<Response>;

export type BuiltinRoutesOptions = {
  config: Config;
  version: string;
  startedAt: number;
  /** Names of providers that can take traffic right now. */
  availableProviders: () => string[];
  providerSnapshots: () => ProviderSnapshot[];
  inFlight: InFlight;
  /** The global admission queue (queue.max_concurrent). */
  admission: Semaphore;
  /** Prometheus text for GET /metrics; undefined when metrics.enabled is false. */
  metrics: (() => string) | undefined;
};

export function createBuiltinRoutes(options: BuiltinRoutesOptions): Map<string, BuiltinRoute> {
  const redacted = JSON.stringify(redactConfig(options.config), null, 2);
  const adminKey = options.config.auth.admin_key;
  const metrics = options.metrics;
  const routes = new Map<string, BuiltinRoute>([
    [
      "/health",
      () =>
        Response.json({
          status: "ok",
          version: options.version,
          uptime_seconds: Math.round((Date.now() - options.startedAt) / 1000),
          in_flight: options.inFlight.count(),
          queue: {
            active: options.admission.inUse(),
            waiting: options.admission.waiting(),
            max_concurrent: options.admission.capacity,
          },
        }),
    ],
    [
      "/ready",
      () => {
        const available = options.availableProviders();
        const unavailable = options
          .providerSnapshots()
          .filter((provider) => !available.includes(provider.name))
          .map((provider) => ({ name: provider.name, state: provider.state }));
        return Response.json(
          {
            ready: available.length > 0,
            providers: available,
            ...(unavailable.length > 0 ? { unavailable } : {}),
          },
          { status: available.length > 0 ? 200 : 503 },
        );
      },
    ],
    [
      "/config",
      (request) => {
        if (adminKey) requireAdminKey(request, adminKey, "GET /config");
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
