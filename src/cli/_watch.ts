// `serve --watch`: reload when the config file, or a credential file it names, changes. The
// directories are watched (editors replace files rather than write them in place) and changes
// are debounced by 250 ms, so one save is one reload.

import { type FSWatcher, watch } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { Config } from "../config/index.ts";

const debounceMs = 250;

export type Watcher = {
  /** Watches the config file and the credential files `config` names (after each reload). */
  follow(config: Config): void;
  close(): void;
};

export function createConfigWatcher(configPath: string, onChange: () => void): Watcher {
  let watchers: FSWatcher[] = [];
  let timer: Timer | undefined;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  return {
    follow(config) {
      for (const watcher of watchers) watcher.close();
      watchers = watchedFiles(configPath, config).map(({ directory, names }) =>
        watch(directory, (_event, name) => {
          if (name !== null && names.has(name.toString())) fire();
        }),
      );
    },
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}

// --- internal ---

function watchedFiles(
  configPath: string,
  config: Config,
): { directory: string; names: Set<string> }[] {
  const files = [resolve(configPath)];
  for (const provider of config.providers) {
    const auth = provider.auth;
    if (auth?.type === "flow" && auth.secrets_file) files.push(auth.secrets_file);
    if (auth?.type === "jwt" && auth.private_key_file) files.push(auth.private_key_file);
  }
  const byDirectory = new Map<string, Set<string>>();
  for (const file of files) {
    const names = byDirectory.get(dirname(file)) ?? new Set<string>();
    names.add(basename(file));
    byDirectory.set(dirname(file), names);
  }
  return [...byDirectory].map(([directory, names]) => ({ directory, names }));
}
