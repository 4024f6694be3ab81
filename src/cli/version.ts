// `llm-proxy version [--json]`: the version, and for a release binary the commit, build time and
// platform that scripts/build.ts injected with `--define`.

import { defineCommand } from "citty";
import { version } from "../app.ts";
import { rejectUnknownFlags } from "./_flags.ts";
import { hostPlatform } from "./_platform.ts";

// Replaced by `bun build --define`; undeclared (so `typeof` is "undefined") when run from a checkout.
declare const LLM_PROXY_BUILD_COMMIT: string | undefined;
declare const LLM_PROXY_BUILD_TIME: string | undefined;
declare const LLM_PROXY_BUILD_PLATFORM: string | undefined;

export type VersionInfo = {
  version: string;
  commit: string | null;
  built_at: string | null;
  /** As in the release file names: linux-x64, darwin-arm64, windows-x64, linux-x64-musl. */
  platform: string;
  bun: string;
};

export function toVersionInfo(): VersionInfo {
  return {
    version,
    commit: typeof LLM_PROXY_BUILD_COMMIT === "string" ? LLM_PROXY_BUILD_COMMIT : null,
    built_at: typeof LLM_PROXY_BUILD_TIME === "string" ? LLM_PROXY_BUILD_TIME : null,
    platform:
      typeof LLM_PROXY_BUILD_PLATFORM === "string" ? LLM_PROXY_BUILD_PLATFORM : hostPlatform(),
    bun: Bun.version,
  };
}

const args = {
  json: { type: "boolean", description: "Print {version, commit, built_at, platform, bun}" },
} as const;

export const versionCommand = defineCommand({
  meta: { name: "version", description: "Print the version" },
  args,
  run: ({ args: flags, rawArgs }) => {
    rejectUnknownFlags(rawArgs, args);
    const info = toVersionInfo();
    console.log(flags.json ? JSON.stringify(info) : info.version);
  },
});
