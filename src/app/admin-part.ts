// The admin part of one config: the admin gate (key and throttle), the built-in endpoints
// (/health, /ready, /config with its version, /metrics), the admin API and the UI, and the
// request handler that puts them in front of the pipeline.

import {
  type BudgetStatus,
  createManagement,
  type ManagementChange,
  toSharedEvent,
} from "../auth/index.ts";
import type { Config } from "../config/index.ts";
import { withStreamText } from "../observability/index.ts";
import {
  createAddressResolver,
  createAdminGate,
  createAdminHandler,
  createBuiltinRoutes,
  createHandler,
  type Handler,
  type Reload,
} from "../server/index.ts";
import type { ProxyPart } from "./proxy-part.ts";
import type { Runtime } from "./runtime.ts";
import { tracesGoToSqlite } from "./storage-part.ts";

export type AdminPart = { handler: Handler; close(): void };

export type AdminPartInput = {
  config: Config;
  runtime: Runtime;
  proxy: ProxyPart;
  /** The app's version, this config's version (a hash) and when it was loaded. */
  appVersion: string;
  configVersion: string;
  loadedAt: number;
  startedAt: number;
  reload: Reload | undefined;
};

export function createAdminPart(input: AdminPartInput): AdminPart {
  const { config, runtime, proxy } = input;
  const { clock } = runtime;
  const repositories = runtime.storage.repositoriesFor(config);
  const gate = createAdminGate({
    adminKey: config.auth.admin_key,
    resolveAddress: createAddressResolver(config.server.trusted_proxies),
    clock,
    logger: runtime.logger,
  });
  const providerSnapshots = () =>
    proxy.balancer.snapshot().map((snapshot) => ({
      ...snapshot,
      credentials: proxy.credentials.get(snapshot.name)?.snapshot() ?? null,
    }));
  const routes = createBuiltinRoutes({
    adminGate: gate,
    config,
    version: input.appVersion,
    configVersion: input.configVersion,
    loadedAt: input.loadedAt,
    startedAt: input.startedAt,
    clock,
    providerSnapshots,
    checkStore: () => runtime.storage.check() ?? Promise.resolve(undefined),
    checkRedis: () => runtime.shared.check() ?? Promise.resolve(undefined),
    inFlight: runtime.inFlight,
    admission: runtime.admission,
    bodyBudget: runtime.bodyBudget,
    metrics: config.metrics.enabled ? () => runtime.registry.render() : undefined,
  });
  const responseCache = proxy.cache?.value;
  const admin = createAdminHandler({
    adminKey: config.auth.admin_key,
    gate,
    management:
      repositories &&
      createManagement({
        ...repositories,
        actor: "admin",
        now: () => clock.now(),
        announce: (change) => announceChange(runtime, proxy, change),
      }),
    audit: repositories?.audit,
    usage: config.usage.enabled ? repositories?.usage : undefined,
    traces:
      tracesGoToSqlite(config) && repositories
        ? withStreamText(repositories.traces, proxy.ctx.redact)
        : undefined,
    clearCache: responseCache && (() => responseCache.clear()),
    providerSnapshots,
    resetCredentials: (name) => {
      const pool = proxy.credentials.get(name);
      pool?.reset();
      return pool !== undefined;
    },
    resetProvider: (name) => proxy.balancer.reset(name),
    budgets: budgetList(proxy),
    reload: input.reload,
    now: () => clock.now(),
  });
  return { handler: createHandler(routes, admin, proxy.ctx), close: () => gate.close() };
}

// --- internal ---

/** This instance drops its cached rows at once; the others hear of it over shared.redis. */
function announceChange(runtime: Runtime, proxy: ProxyPart, change: ManagementChange) {
  proxy.ctx.auth?.forget(change);
  return runtime.shared.announce(toSharedEvent(change));
}

function budgetList(proxy: ProxyPart): (() => Promise<BudgetStatus[]>) | undefined {
  const budgets = proxy.ctx.budgets;
  return budgets && (() => budgets.ledger.list());
}
