// The composition root: createApp lists the parts (DESIGN.md: storage, observability, routing
// and upstream, admin), serves through the newest generation of them, and reloads by building
// the next one beside it. Only this file and src/app/ wire modules together.

import packageJson from "../package.json" with { type: "json" };
import {
  createGeneration,
  createReloader,
  createRuntime,
  type Deps,
  fillDeps,
  type Generation,
  type ReloadActor,
  registerGauges,
  subscribeSharedEvents,
} from "./app/index.ts";
import type { Config } from "./config/index.ts";
import type { Balancer } from "./routing/index.ts";
import type { ReloadOutcome, Servable } from "./server/index.ts";

export const version: string = packageJson.version;

// Bun's own default request body limit: a reload may raise server.max_body up to it (or up to
// the start value, when larger) without a restart; the listener is sized once, at the start.
const reloadableMaxBodyBytes = 128 * 1024 * 1024;

export { buildCredentialPools, type Deps, needsStore } from "./app/index.ts";

export type App = Servable & {
  /** The config new requests are served with. */
  readonly config: Config;
  readonly balancer: Balancer;
  /** Runs one round of active health checks now (also runs every health_check.interval). */
  checkHealth(): Promise<void>;
  /** Swaps in an already loaded config; the running one stays when it fails. */
  reload(next: Config, actor?: ReloadActor): ReloadOutcome;
  /** Re-reads the config file (deps.reloadSource) and reloads it: SIGHUP, --watch. */
  reloadFromSource(actor: ReloadActor): Promise<ReloadOutcome>;
  /** Resolves once every generation a reload replaced has closed its parts. */
  retired(): Promise<void>;
};

export function createApp(config: Config, deps: Partial<Deps> = {}): App {
  const runtime = createRuntime(config, fillDeps(config, deps));
  const meta = {
    appVersion: version,
    startedAt: runtime.clock.now(),
    // without a file to re-read (a quick start) POST /admin/reload says there is nothing to reload
    reload: runtime.reloadSource && ((actor: ReloadActor) => reloader.fromSource(actor)),
  };
  const build = (next: Config, previous: Generation | undefined) =>
    createGeneration(next, runtime, meta, previous);
  let current = createGeneration(config, runtime, meta, undefined, deps.credentialPools);
  registerGauges(runtime, () => current);
  subscribeSharedEvents(runtime, () => current);
  const retiring = new Set<Promise<void>>();
  const maxBodyBytes = Math.max(config.server.max_body, reloadableMaxBodyBytes);
  const reloader = createReloader({
    runtime,
    maxBodyBytes,
    current: () => current,
    build,
    swap(next) {
      const old = current;
      current = next;
      const done = old.retire().finally(() => retiring.delete(done));
      retiring.add(done);
    },
  });
  return {
    get config() {
      return current.config;
    },
    get balancer() {
      return current.proxy.balancer;
    },
    maxBodyBytes,
    checkHealth: () => current.proxy.checkHealth(),
    fetch: (request, peer) => current.fetch(request, peer),
    reload: (next, actor = "admin") => reloader.apply(next, actor),
    reloadFromSource: (actor) => reloader.fromSource(actor),
    retired: async () => {
      await Promise.all([...retiring]);
    },
    abortInFlight: () => runtime.shutdown.trip(),
    inFlight: runtime.inFlight.count,
    waitForIdle: runtime.inFlight.idle,
    async close() {
      await Promise.all([...retiring, current.retire()]);
      await runtime.close();
    },
  };
}
