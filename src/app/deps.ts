// The side-effect handles an app is built from; defaults are filled in here only (ofetch-style).

import type { Config } from "../config/index.ts";
import { configuredSecrets } from "../config/index.ts";
import type { CredentialPool } from "../credentials/index.ts";
import { createLogger, type Logger } from "../observability/index.ts";
import { type Clock, systemClock } from "../shared/index.ts";
import type { Store } from "../store/index.ts";
import { type ConnectProbe, tcpConnectProbe } from "../upstream/index.ts";

export type Deps = {
  fetch: typeof fetch;
  clock: Clock;
  /** Uniform in [0, 1): trace sampling. */
  random: () => number;
  logger: Logger;
  /** TCP reachability check used to tell a connect timeout from a slow model. */
  probe: ConnectProbe;
  /** The sqlite store; opened from storage.path when something configured needs it. */
  store: Store;
  /**
   * The config to reload to (the file the server started with, re-read, with the command-line
   * and environment overrides applied again); without it a reload has nothing to read.
   */
  reloadSource: () => Promise<Config>;
  /** Where the config came from (its file), for the messages of a config problem. */
  configSource: string;
  /**
   * The credential pools of the first config, when the caller built them already (`serve`
   * checks them before it opens the store), so no credential file is read twice.
   */
  credentialPools: Map<string, CredentialPool>;
};

export type FilledDeps = Omit<Deps, "store" | "reloadSource" | "credentialPools"> & {
  store: Store | undefined;
  reloadSource: (() => Promise<Config>) | undefined;
};

export function fillDeps(config: Config, deps: Partial<Deps>): FilledDeps {
  const clock = deps.clock ?? systemClock;
  return {
    fetch: deps.fetch ?? globalThis.fetch,
    clock,
    random: deps.random ?? Math.random,
    logger:
      deps.logger ?? createLogger({ ...config.logging, secrets: configuredSecrets(config), clock }),
    probe: deps.probe ?? tcpConnectProbe,
    store: deps.store,
    reloadSource: deps.reloadSource,
    configSource: deps.configSource ?? "config",
  };
}
