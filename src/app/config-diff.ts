// What a reload changes: the dotted paths of every value that differs between two configs, and
// which of them need a restart (the listening address, the store, the shared state, a body
// limit past what the listener lets through) and are therefore kept.

import type { Config } from "../config/index.ts";

export type ConfigDiff = {
  /** Every changed leaf (or whole array whose length changed), e.g. providers[0].model_map.gpt-4 */
  changes: string[];
  /** Not applied: server.host, server.port, storage.*, shared.*, a max_body past the listener's */
  restartNeeded: string[];
};

// the store and the shared state (Redis) live as long as the process
const restartPaths = ["server.host", "server.port", "storage", "shared"];

/** `listenerMaxBody`: the largest body the listener lets through to the app (Bun's limit). */
export function diffConfig(before: Config, after: Config, listenerMaxBody: number): ConfigDiff {
  const changes: string[] = [];
  collect(before, after, "", changes);
  const restartNeeded = changes.filter(
    (path) =>
      restartPaths.some((root) => path === root || path.startsWith(`${root}.`)) ||
      (path === "server.max_body" && after.server.max_body > listenerMaxBody),
  );
  return { changes, restartNeeded };
}

/** The new config with what needs a restart kept as the running process has it. */
export function withoutRestartChanges(
  running: Config,
  next: Config,
  listenerMaxBody: number,
): Config {
  const tooLarge = next.server.max_body > listenerMaxBody;
  return {
    ...next,
    server: {
      ...next.server,
      host: running.server.host,
      port: running.server.port,
      max_body: tooLarge ? running.server.max_body : next.server.max_body,
    },
    storage: running.storage,
    shared: running.shared,
  };
}

// --- internal ---

function collect(before: unknown, after: unknown, path: string, out: string[]): void {
  if (Object.is(before, after)) return;
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length !== after.length) {
      out.push(path);
      return;
    }
    for (const [index, item] of before.entries())
      collect(item, after[index], `${path}[${index}]`, out);
    return;
  }
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) collect(before[key], after[key], path ? `${path}.${key}` : key, out);
    return;
  }
  out.push(path);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
