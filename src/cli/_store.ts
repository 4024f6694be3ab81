// Opens the store named by the config for CLI commands, with the management API acting as "cli".

import { createManagement, type Management } from "../auth/index.ts";
import type { Config } from "../config/index.ts";
import { createRepositories, openStore, type Repositories, type Store } from "../store/index.ts";
import { RuntimeFailure } from "./_errors.ts";
import { loadCliConfig } from "./_flags.ts";

/** Runs `action` with the repositories of the config at `configFlag`, closing the store after. */
export async function withRepositories<T>(
  configFlag: string | undefined,
  action: (repositories: Repositories, config: Config) => Promise<T>,
): Promise<T> {
  const config = await loadCliConfig(configFlag);
  const store = await openCliStore(config);
  try {
    return await action(createRepositories(store), config);
  } finally {
    await store.close();
  }
}

/** Runs `action` with the management API on the config's store. */
export function withManagement<T>(
  configFlag: string | undefined,
  action: (management: Management, config: Config) => Promise<T>,
): Promise<T> {
  return withRepositories(configFlag, (repositories, config) =>
    action(createManagement({ ...repositories, actor: "cli", now: () => Date.now() }), config),
  );
}

/** The config's store, or a runtime failure naming storage.path. */
export async function openCliStore(config: Config): Promise<Store> {
  try {
    return openStore(config.storage.path);
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RuntimeFailure(
      `cannot open the store ${config.storage.path} (storage.path): ${reason}`,
    );
  }
}
