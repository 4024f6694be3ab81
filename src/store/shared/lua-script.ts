// A Lua script run with EVALSHA (its SHA-1 computed here), loaded with SCRIPT LOAD when Redis
// answers NOSCRIPT (after a restart or SCRIPT FLUSH); concurrent calls share one load.

import type { RedisLink } from "./redis-link.ts";

export type LuaScript = {
  run(
    link: RedisLink,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown>;
};

export function defineLuaScript(name: string, lua: string): LuaScript {
  const sha = new Bun.CryptoHasher("sha1").update(lua).digest("hex");
  let loading: Promise<unknown> | undefined;
  const load = (link: RedisLink): Promise<unknown> => {
    loading ??= link
      .call(`SCRIPT LOAD ${name}`, (client) => client.send("SCRIPT", ["LOAD", lua]))
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };
  return {
    async run(link, keys, args) {
      const argv = [sha, String(keys.length), ...keys, ...args.map(String)];
      const evalsha = () => link.call(name, (client) => client.send("EVALSHA", argv));
      try {
        return await evalsha();
      } catch (error: unknown) {
        // Bun gives every server error one code: NOSCRIPT is known by its message
        if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
        await load(link);
        return await evalsha();
      }
    },
  };
}
