// `llm-proxy cache clear`: empties the configured response cache (sqlite or Redis) and records it
// in the audit log.

import { defineCommand } from "citty";
import { createCacheBackend } from "../cache/index.ts";
import { messageOf, systemClock } from "../shared/index.ts";
import { createRepositories } from "../store/index.ts";
import { RuntimeFailure, UsageError } from "./_errors.ts";
import { configArg, loadCliConfig, rejectUnknownFlags } from "./_flags.ts";
import { openCliStore } from "./_store.ts";

const clearArgs = {
  ...configArg,
  json: { type: "boolean", description: "Print {cleared, removed, backend}" },
} as const;

export const cacheCommand = defineCommand({
  meta: { name: "cache", description: "Manage the response cache" },
  subCommands: {
    clear: defineCommand({
      meta: { name: "clear", description: "Remove every cached response" },
      args: clearArgs,
      run: async ({ args, rawArgs }) => {
        rejectUnknownFlags(rawArgs, clearArgs);
        const config = await loadCliConfig(args.config);
        const { backend: name } = config.cache;
        if (name === "memory") {
          throw new UsageError(
            "cache.backend is memory: it lives in the server's process; use DELETE /admin/cache",
          );
        }
        const store = await openCliStore(config);
        const db = store.engine === "sqlite" ? store.db : undefined;
        const backend = createCacheBackend(config.cache, { db, clock: systemClock });
        try {
          let removed: number;
          try {
            removed = await backend.clear();
          } catch (error: unknown) {
            const reason = messageOf(error);
            throw new RuntimeFailure(`could not clear the ${name} cache: ${reason}`);
          }
          await createRepositories(store).audit.record({
            at: Date.now(),
            actor: "cli",
            action: "cache.clear",
            target: "cache",
            details: { removed },
          });
          if (args.json) console.log(JSON.stringify({ cleared: true, removed, backend: name }));
          else console.error(`cleared the ${name} cache: ${removed} entries removed`);
        } finally {
          backend.close();
          await store.close();
        }
      },
    }),
  },
});
