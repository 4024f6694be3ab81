// One generation of parts: everything built from one config. New requests go to the newest;
// a request keeps the generation it started in, and a retired one stops its health checks at
// once and closes its other parts once its last request is over.

import type { Config } from "../config/index.ts";
import type { CredentialPool } from "../credentials/index.ts";
import type { Handler, Reload } from "../server/index.ts";
import { type AdminPart, createAdminPart } from "./admin-part.ts";
import { buildCredentialPools } from "./credential-pools.ts";
import { createObservabilityPart, type ObservabilityPart } from "./observability-part.ts";
import { createProxyPart, type ProxyPart } from "./proxy-part.ts";
import type { Runtime } from "./runtime.ts";

export type Generation = {
  config: Config;
  /** A hash of the effective config. */
  version: string;
  observability: ObservabilityPart;
  proxy: ProxyPart;
  fetch: Handler;
  /** Stops the health checks; resolves once the last request is over and the parts closed. */
  retire(): Promise<void>;
};

export type GenerationMeta = {
  appVersion: string;
  startedAt: number;
  reload: Reload | undefined;
};

/**
 * Builds every part, or throws (a bad credential file) with nothing left running; `pools` are
 * the config's credential pools when the caller built them already.
 */
export function createGeneration(
  config: Config,
  runtime: Runtime,
  meta: GenerationMeta,
  previous: Generation | undefined,
  pools?: Map<string, CredentialPool>,
): Generation {
  // the credential files first: the usual reason a reload is refused, with nothing built yet
  const credentials =
    pools ??
    buildCredentialPools(
      config,
      { fetch: runtime.fetch, clock: runtime.clock },
      runtime.configSource,
      previous?.proxy.credentials,
    );
  const before = previous && { config: previous.config };
  const observability = createObservabilityPart(
    config,
    runtime,
    before && { ...before, part: previous.observability },
  );
  const version = configVersion(config);
  const loadedAt = runtime.clock.now();
  let proxy: ProxyPart | undefined;
  let admin: AdminPart;
  try {
    proxy = createProxyPart(
      config,
      runtime,
      observability,
      credentials,
      before && { ...before, part: previous.proxy },
    );
    admin = createAdminPart({ config, runtime, proxy, configVersion: version, loadedAt, ...meta });
  } catch (error: unknown) {
    void Promise.all([proxy?.close(), observability.close()]);
    throw error;
  }
  const close = async () => {
    admin.close();
    try {
      await proxy.close();
    } finally {
      await observability.close();
    }
  };
  return {
    config,
    version,
    observability,
    proxy,
    fetch: admin.handler,
    async retire() {
      // at once, not after the last stream: the old checks (old keys, old paths) would go on
      // writing into the provider state the next generation shares
      proxy.stopHealthChecks();
      await proxy.ctx.inFlight.idle();
      await close();
    },
  };
}

// --- internal ---

/** Equal configs get equal versions; nothing of the config can be read back from it. */
function configVersion(config: Config): string {
  return Bun.SHA256.hash(JSON.stringify(config), "hex").slice(0, 16);
}
