// Opens the store named by the config for CLI commands, with the management API acting as "cli".

import {
  createManagement,
  type Management,
  type ManagementChange,
  toSharedEvent,
} from "../auth/index.ts";
import { type Config, withoutPassword } from "../config/index.ts";
import { messageOf, systemClock } from "../shared/index.ts";
import {
  connectStore,
  createRepositories,
  createSharedState,
  type Repositories,
  type SharedState,
  type Store,
} from "../store/index.ts";
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

/**
 * Runs `action` with the management API on the config's store; with shared.redis, a revocation
 * or a change is announced to the running instances, which apply it at once.
 */
export function withManagement<T>(
  configFlag: string | undefined,
  action: (management: Management, config: Config) => Promise<T>,
): Promise<T> {
  return withRepositories(configFlag, async (repositories, config) => {
    let shared: SharedState | undefined;
    const announce = async (change: ManagementChange) => {
      if (!config.shared) return;
      shared ??= createSharedState(config.shared, { clock: systemClock });
      try {
        await shared.events.publish(toSharedEvent(change));
      } catch (error: unknown) {
        const reason = messageOf(error);
        console.error(
          `warning: could not announce the change over shared.redis (${reason}); running instances see it within 2 s`,
        );
      }
    };
    try {
      const now = () => Date.now();
      return await action(
        createManagement({ ...repositories, actor: "cli", now, announce }),
        config,
      );
    } finally {
      shared?.close();
    }
  });
}

/** The config's store (opened and migrated), or a runtime failure naming storage.path or .url. */
export async function openCliStore(config: Config): Promise<Store> {
  try {
    return await connectStore(config.storage);
  } catch (error: unknown) {
    throw new RuntimeFailure(storeProblem(config, error));
  }
}

/** "cannot connect to the store postgres://app@db:5432/llmp (storage.url): ..." */
export function storeProblem(config: Config, error: unknown): string {
  const reason = messageOf(error);
  const { url, path } = config.storage;
  if (url === undefined) return `cannot open the store ${path} (storage.path): ${reason}`;
  return `cannot connect to the store ${withoutPassword(url)} (storage.url): ${reason}`;
}
