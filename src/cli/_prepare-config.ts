// What a start checks beyond the config file itself: every credential file and key is loaded
// (checkStartConfig: `serve` and `config validate`; a reload builds its pools the same way, in
// src/app); `config validate` also asks a Postgres store to answer (checkStoreReachable).

import { buildCredentialPools } from "../app.ts";
import { type Config, ConfigError, withoutPassword } from "../config/index.ts";
import type { CredentialPool } from "../credentials/index.ts";
import { messageOf, systemClock } from "../shared/index.ts";
import { connectStore } from "../store/index.ts";

/**
 * Throws a ConfigError (named for `source`) with every problem and its dotted path; returns the
 * credential pools it built, for `serve` to start with.
 */
export function checkStartConfig(config: Config, source: string): Map<string, CredentialPool> {
  return buildCredentialPools(config, { fetch: globalThis.fetch, clock: systemClock }, source);
}

/** With storage.url: a ConfigError at storage.url unless Postgres answers (nothing is written). */
export async function checkStoreReachable(config: Config, source: string): Promise<void> {
  const url = config.storage.url;
  if (url === undefined) return;
  try {
    const store = await connectStore(config.storage, { migrate: false });
    await store.close();
  } catch (error: unknown) {
    const reason = messageOf(error);
    const message = `cannot connect to ${withoutPassword(url)}: ${reason}`;
    throw new ConfigError(source, [{ path: "storage.url", message }]);
  }
}
