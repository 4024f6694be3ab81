// Builds a config without a file, from `serve --base-url --type --api-key` flags or LLM_* env vars.

import type { Env } from "./interpolate.ts";
import { parseConfigObject } from "./load.ts";
import type { Config } from "./schema.ts";

export type QuickStartFlags = {
  baseUrl?: string | undefined;
  type?: string | undefined;
  apiKey?: string | undefined;
};

/** True when flags or env vars ask for a file-less quick start. */
export function wantsQuickStart(flags: QuickStartFlags, env: Env): boolean {
  return Boolean(flags.baseUrl ?? env.LLM_BASE_URL);
}

export function quickStartConfig(flags: QuickStartFlags, env: Env, cwd: string): Config {
  const type = flags.type ?? env.LLM_TYPE ?? "openai";
  const apiKey = flags.apiKey ?? env.LLM_API_KEY;
  const source = flags.baseUrl ? "command-line flags" : "LLM_* environment variables";
  return parseConfigObject(
    {
      auth: { mode: "none" },
      providers: [
        {
          name: type,
          type,
          base_url: flags.baseUrl ?? env.LLM_BASE_URL,
          ...(apiKey ? { api_key: apiKey } : {}),
        },
      ],
    },
    { env: {}, baseDir: cwd, source },
  );
}
