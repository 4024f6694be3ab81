// What `serve` serves with: the config file (or quick-start flags and LLM_* variables), with the
// command-line and environment overrides applied; a reload re-reads it the same way.

import {
  type Config,
  type LogLevel,
  providerKinds,
  quickStartConfig,
  wantsQuickStart,
} from "../config/index.ts";
import { UsageError } from "./_errors.ts";
import { loadCliConfig, parseIntegerFlag } from "./_flags.ts";

export const logLevels = ["trace", "debug", "info", "warn", "error", "silent"] as const;

export type ServeFlags = {
  config?: string | undefined;
  host?: string | undefined;
  port?: string | undefined;
  logLevel?: string | undefined;
  baseUrl?: string | undefined;
  type?: string | undefined;
  apiKey?: string | undefined;
  watch?: boolean | undefined;
};

/** The config to serve, and how to read it again for a reload (none for a quick start). */
export async function resolveServeConfig(
  flags: ServeFlags,
): Promise<{ config: Config; reread: (() => Promise<Config>) | undefined }> {
  const quick = { baseUrl: flags.baseUrl, type: flags.type, apiKey: flags.apiKey };
  if (flags.type && !(providerKinds as readonly string[]).includes(flags.type)) {
    throw new UsageError(
      `--type: expected one of ${providerKinds.join(", ")}, got "${flags.type}"`,
    );
  }
  if (!flags.config && wantsQuickStart(quick, process.env)) {
    if (flags.watch) throw new UsageError("--watch needs a config file (-c FILE)");
    return {
      config: withOverrides(quickStartConfig(quick, process.env, process.cwd()), flags),
      reread: undefined,
    };
  }
  if (flags.type || flags.apiKey) throw new UsageError("--type and --api-key need --base-url");
  const reread = async () => withOverrides(await loadCliConfig(flags.config), flags);
  return { config: await reread(), reread };
}

// --- internal ---

function withOverrides(config: Config, flags: ServeFlags): Config {
  const level = flags.logLevel ?? process.env.LOG_LEVEL;
  const normalised = level?.toLowerCase().replace("warning", "warn");
  if (normalised !== undefined && !(logLevels as readonly string[]).includes(normalised)) {
    const source = flags.logLevel ? "--log-level" : "LOG_LEVEL";
    throw new UsageError(`${source}: expected one of ${logLevels.join(", ")}, got "${level}"`);
  }
  const port = parseIntegerFlag("port", flags.port, 0, 65_535);
  return {
    ...config,
    server: {
      ...config.server,
      host: flags.host ?? config.server.host,
      port: port ?? config.server.port,
    },
    logging: {
      ...config.logging,
      level: (normalised as LogLevel | undefined) ?? config.logging.level,
    },
  };
}
