// Reload without restart (DESIGN.md): build the next generation beside the running one from the
// new config, validated the way a start validates it; swap only when every part was built.
// One reload at a time; a failure keeps the running config and says every problem.

import { type Config, ConfigError } from "../config/index.ts";
import type { ReloadOutcome } from "../server/index.ts";
import { messageOf } from "../shared/index.ts";
import type { AuditEvent } from "../store/index.ts";
import { diffConfig, withoutRestartChanges } from "./config-diff.ts";
import type { Generation } from "./generation.ts";
import type { Runtime } from "./runtime.ts";

export type ReloadActor = "admin" | "signal" | "watch";

export type ReloaderOptions = {
  runtime: Runtime;
  /** The largest server.max_body the listener lets through; past it a reload needs a restart. */
  maxBodyBytes: number;
  current(): Generation;
  build(config: Config, previous: Generation): Generation;
  /** Makes `next` the generation new requests go to, and retires the one before. */
  swap(next: Generation): void;
};

export type Reloader = {
  /** Swaps in `next` (already loaded), or keeps the running config with the problems. */
  apply(next: Config, actor: ReloadActor): ReloadOutcome;
  /** Re-reads the config through runtime.reloadSource, then applies it. */
  fromSource(actor: ReloadActor): Promise<ReloadOutcome>;
};

export function createReloader(options: ReloaderOptions): Reloader {
  const { runtime } = options;
  let queue: Promise<unknown> = Promise.resolve();
  const apply = (next: Config, actor: ReloadActor): ReloadOutcome => {
    const running = options.current();
    const { changes, restartNeeded } = diffConfig(running.config, next, options.maxBodyBytes);
    let built: Generation;
    try {
      const applied = withoutRestartChanges(running.config, next, options.maxBodyBytes);
      built = options.build(applied, running);
    } catch (error: unknown) {
      return refused(runtime, actor, error, running.config);
    }
    runtime.apply(built.config);
    options.swap(built);
    const applied = changes.filter((path) => !restartNeeded.includes(path));
    announce(runtime, actor, built, applied, restartNeeded);
    const result = {
      reloaded: true as const,
      version: built.version,
      changes: applied.map((path) => ({ path })),
    };
    return { ok: true, result: { ...result, restart_needed: restartNeeded } };
  };
  return {
    apply,
    fromSource(actor) {
      const source = runtime.reloadSource;
      const run = async (): Promise<ReloadOutcome> => {
        const running = options.current().config;
        if (!source)
          return refused(runtime, actor, new Error("not started from a config file"), running);
        let next: Config;
        try {
          next = await source();
        } catch (error: unknown) {
          return refused(runtime, actor, error, running);
        }
        return apply(next, actor);
      };
      const outcome = queue.then(run, run);
      queue = outcome;
      return outcome;
    },
  };
}

// --- internal ---

function announce(
  runtime: Runtime,
  actor: ReloadActor,
  built: Generation,
  changes: string[],
  restartNeeded: string[],
): void {
  runtime.metrics.configReloads.inc({ result: "success" });
  const restart =
    restartNeeded.length > 0
      ? `; restart needed for ${restartNeeded.join(", ")} (not applied)`
      : "";
  runtime.logger.info(
    `config reloaded (version ${built.version}, ${changes.length} change(s))${restart}`,
  );
  audit(runtime, built.config, {
    actor,
    action: "config.reload",
    target: built.version,
    details: { changes, restart_needed: restartNeeded },
  });
}

/** Keeps the running config; the audit event goes to its store (the start config may have none). */
function refused(
  runtime: Runtime,
  actor: ReloadActor,
  error: unknown,
  running: Config,
): ReloadOutcome {
  runtime.metrics.configReloads.inc({ result: "failure" });
  const problems =
    error instanceof ConfigError ? error.problems : [{ path: "", message: messageOf(error) }];
  const message = `reload refused (${actor}): the running config is kept; ${problems.length} problem(s)`;
  runtime.logger.error(message);
  for (const problem of problems)
    runtime.logger.error(`  ${problem.path || "(root)"}: ${problem.message}`);
  audit(runtime, running, {
    actor,
    action: "config.reload_failed",
    target: "config",
    details: { problems: problems.map((problem) => problem.path || "(root)") },
  });
  return { ok: false, message, problems };
}

/** Writes an audit event when the config keeps a store; a failure is logged, never thrown. */
function audit(runtime: Runtime, config: Config, event: Omit<AuditEvent, "id" | "at">): void {
  runtime.storage
    .repositoriesFor(config)
    ?.audit.record({ at: runtime.clock.now(), ...event })
    .catch((error: unknown) =>
      runtime.logger.error("could not write an audit event", {
        cause: messageOf(error),
      }),
    );
}
