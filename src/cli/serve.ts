// `llm-proxy serve`: load the config (or quick-start flags), start the server, stop gracefully.

import { defineCommand } from "citty";
import { createApp, needsStore } from "../app.ts";
import {
  type Config,
  configuredSecrets,
  type LogLevel,
  providerKinds,
  quickStartConfig,
  wantsQuickStart,
} from "../config/index.ts";
import { createLogger } from "../observability/index.ts";
import { startServer } from "../server/index.ts";
import type { Store } from "../store/index.ts";
import { RuntimeFailure, UsageError } from "./_errors.ts";
import { bootstrapFirstToken, firstRunMessage } from "./_first-run.ts";
import {
  configArg,
  configPathFrom,
  loadCliConfig,
  parseIntegerFlag,
  rejectUnknownFlags,
} from "./_flags.ts";
import { prepareConfig } from "./_prepare-config.ts";
import { openCliStore } from "./_store.ts";

const logLevels = ["trace", "debug", "info", "warn", "error", "silent"] as const;

const args = {
  ...configArg,
  host: { type: "string", description: "Address to bind (default 127.0.0.1)" },
  port: { type: "string", description: "Port to listen on (default 8080; 0 picks a free one)" },
  logLevel: { type: "string", description: `Log level: ${logLevels.join(", ")}` },
  baseUrl: { type: "string", description: "Quick start without a file: upstream base URL" },
  type: { type: "string", description: `Quick start: provider type (${providerKinds.join(", ")})` },
  apiKey: { type: "string", description: "Quick start: upstream API key" },
} as const;

export const serveCommand = defineCommand({
  meta: { name: "serve", description: "Start the proxy" },
  args,
  async run({ args: flags, rawArgs }) {
    rejectUnknownFlags(rawArgs, args);
    // before anything is announced: Bun installs handlers asynchronously, and a signal that
    // beats them would take its default action (kill, no drain)
    const stopSignal = listenForStopSignals();
    const config = withOverrides(await resolveConfig(flags), flags);
    const logger = createLogger({ ...config.logging, secrets: configuredSecrets(config) });
    const { credentials } = await prepareConfig(config, configPathFrom(flags.config, process.env));
    const store = openConfiguredStore(config);
    const firstToken =
      store && config.auth.mode === "tokens" ? bootstrapFirstToken(store) : undefined;
    const app = createApp(config, { logger, credentials, ...(store ? { store } : {}) });
    let server: ReturnType<typeof startServer>;
    try {
      server = startServer(app, {
        host: config.server.host,
        port: config.server.port,
        maxBodyBytes: config.server.max_body,
        logger,
      });
    } catch (error: unknown) {
      const reason = (error as { code?: string }).code ?? (error as Error).message;
      throw new RuntimeFailure(
        `cannot listen on ${config.server.host}:${config.server.port} (${reason}); set server.port or --port`,
      );
    }
    const names = config.providers.map((p) => `${p.name} (${p.type})`).join(", ");
    logger.info(`llm-proxy listening on ${server.url.origin} with providers: ${names}`);
    if (firstToken) console.error(firstRunMessage(firstToken, server.url.origin));
    stopSignal.onHangup(() =>
      logger.warn("SIGHUP received: ignored (reload is not available yet)"),
    );
    const signal = await stopSignal.received;
    logger.info(`${signal} received: shutting down`);
    await server.shutdown(config.server.shutdown_grace);
    store?.close();
    logger.info("stopped");
  },
});

// --- internal ---

type StopSignals = { received: Promise<string>; onHangup(handler: () => void): void };

function listenForStopSignals(): StopSignals {
  let hangup: () => void = () => {};
  // SIGHUP's default action is to exit: it is handled from the start, and never stops the server
  process.on("SIGHUP", () => hangup());
  // handlers stay: a second signal during the drain must not kill the process unflushed
  const received = new Promise<string>((resolve) => {
    process.on("SIGINT", () => resolve("SIGINT"));
    process.on("SIGTERM", () => resolve("SIGTERM"));
  });
  return {
    received,
    onHangup: (handler) => {
      hangup = handler;
    },
  };
}

function openConfiguredStore(config: Config): Store | undefined {
  return needsStore(config) ? openCliStore(config) : undefined;
}

type ServeFlags = {
  config?: string | undefined;
  host?: string | undefined;
  port?: string | undefined;
  logLevel?: string | undefined;
  baseUrl?: string | undefined;
  type?: string | undefined;
  apiKey?: string | undefined;
};

async function resolveConfig(flags: ServeFlags): Promise<Config> {
  const quick = { baseUrl: flags.baseUrl, type: flags.type, apiKey: flags.apiKey };
  if (flags.type && !(providerKinds as readonly string[]).includes(flags.type)) {
    throw new UsageError(
      `--type: expected one of ${providerKinds.join(", ")}, got "${flags.type}"`,
    );
  }
  if (!flags.config && wantsQuickStart(quick, process.env)) {
    return quickStartConfig(quick, process.env, process.cwd());
  }
  if (flags.type || flags.apiKey) throw new UsageError("--type and --api-key need --base-url");
  return loadCliConfig(flags.config);
}

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
