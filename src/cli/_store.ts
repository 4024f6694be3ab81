// Opens the store named by the config for CLI commands, with the management API acting as "cli".

import { createManagement, type Management } from "../auth/index.ts";
import type { Config } from "../config/index.ts";
import {
  createAuditRepository,
  createBudgetRepository,
  createProjectRepository,
  createTokenRepository,
  openStore,
  type Store,
} from "../store/index.ts";
import { RuntimeFailure } from "./_errors.ts";
import { loadCliConfig } from "./_flags.ts";

/** Runs `action` with the store of the config at `configFlag`, closing it afterwards. */
export async function withManagement<T>(
  configFlag: string | undefined,
  action: (management: Management, config: Config) => T,
): Promise<T> {
  const config = await loadCliConfig(configFlag);
  const store = openCliStore(config);
  try {
    const management = createManagement({
      projects: createProjectRepository(store.db),
      tokens: createTokenRepository(store.db),
      budgets: createBudgetRepository(store.db),
      audit: createAuditRepository(store.db),
      actor: "cli",
      now: () => Date.now(),
    });
    return action(management, config);
  } finally {
    store.close();
  }
}

/** The config's store, or a runtime failure naming storage.path. */
export function openCliStore(config: Config): Store {
  try {
    return openStore(config.storage.path);
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RuntimeFailure(
      `cannot open the store ${config.storage.path} (storage.path): ${reason}`,
    );
  }
}
