// `llm-proxy serve`: load the config (or quick-start flags), start the server, reload on SIGHUP
// (and on file changes with --watch), stop gracefully on SIGTERM and SIGINT.

import { defineCommand } from "citty";
import { type App, createApp, needsStore } from "../app.ts";
import { type Config, configuredSecrets, providerKinds } from "../config/index.ts";
import { createLogger, type Logger } from "../observability/index.ts";
import { type RunningServer, startServer } from "../server/index.ts";
import { messageOf } from "../shared/index.ts";
import { RuntimeFailure } from "./_errors.ts";
import { bootstrapFirstToken, firstRunMessage } from "./_first-run.ts";
import { configArg, configPathFrom, rejectUnknownFlags } from "./_flags.ts";
import { checkStartConfig } from "./_prepare-config.ts";
import { logLevels, resolveServeConfig } from "./_serve-config.ts";
import { listenForSignals, type ServeSignals } from "./_signals.ts";
import { openCliStore } from "./_store.ts";
import { createConfigWatcher } from "./_watch.ts";

const args = {
  ...configArg,
  host: { type: "string", description: "Address to bind (default 127.0.0.1)" },
  port: { type: "string", description: "Port to listen on (default 8080; 0 picks a free one)" },
  logLevel: { type: "string", description: `Log level: ${logLevels.join(", ")}` },
  watch: {
    type: "boolean",
    description: "Reload when the config file or a credential file changes",
  },
  baseUrl: { type: "string", description: "Quick start without a file: upstream base URL" },
  type: { type: "string", description: `Quick start: provider type (${providerKinds.join(", ")})` },
  apiKey: { type: "string", description: "Quick start: upstream API key" },
} as const;

export const serveCommand = defineCommand({
  meta: { name: "serve", description: "Start the proxy" },
  args,
  async run({ args: flags, rawArgs }) {
    rejectUnknownFlags(rawArgs, args);
    const signals = listenForSignals();
    const { config, reread } = await resolveServeConfig(flags);
    const source = configPathFrom(flags.config, process.env);
    const logger = createLogger({ ...config.logging, secrets: configuredSecrets(config) });
    // everything a start checks, before anything is written or bound
    const credentialPools = checkStartConfig(config, source);
    const store = needsStore(config) ? await openCliStore(config) : undefined;
    const firstToken =
      store && config.auth.mode === "tokens" ? await bootstrapFirstToken(store) : undefined;
    const app = createApp(config, {
      logger,
      configSource: source,
      credentialPools,
      ...(reread ? { reloadSource: reread } : {}),
      ...(store ? { store } : {}),
    });
    const server = listen(app, config, logger);
    const names = config.providers.map((p) => `${p.name} (${p.type})`).join(", ");
    logger.info(`llm-proxy listening on ${server.url.origin} with providers: ${names}`);
    if (firstToken) console.error(firstRunMessage(firstToken, server.url.origin));
    const stopReloads = startReloads(app, signals, logger, flags.watch ? source : undefined);
    const signal = await signals.stop;
    stopReloads();
    logger.info(`${signal} received: shutting down`);
    await server.shutdown(app.config.server.shutdown_grace);
    await store?.close();
    logger.info("stopped");
  },
});

// --- internal ---

function listen(app: App, config: Config, logger: Logger): RunningServer {
  try {
    return startServer(app, {
      host: config.server.host,
      port: config.server.port,
      logger,
    });
  } catch (error: unknown) {
    const reason = (error as { code?: string }).code ?? messageOf(error);
    throw new RuntimeFailure(
      `cannot listen on ${config.server.host}:${config.server.port} (${reason}); set server.port or --port`,
    );
  }
}

/** SIGHUP (and, with a path, file changes) reload; returns what stops them, for the shutdown. */
function startReloads(
  app: App,
  signals: ServeSignals,
  logger: Logger,
  watchPath: string | undefined,
): () => void {
  signals.onHangup(() => {
    logger.info("SIGHUP received: reloading the config");
    void app.reloadFromSource("signal");
  });
  // a reload during the drain would build parts the shutdown is closing
  const stopHangups = () =>
    signals.onHangup(() => logger.info("SIGHUP received: ignored while shutting down"));
  if (watchPath === undefined) return stopHangups;
  const watcher = createConfigWatcher(watchPath, () => {
    void app.reloadFromSource("watch").then((outcome) => {
      if (outcome.ok) watcher.follow(app.config);
    });
  });
  watcher.follow(app.config);
  logger.info(`watching ${watchPath} (and the credential files it names) for changes`);
  return () => {
    stopHangups();
    watcher.close();
  };
}
