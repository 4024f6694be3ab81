// What a binary says about itself in `version --json`: the commit and build time, injected with
// `bun build --define` under the names src/cli/version.ts declares.

import { $ } from "bun";

export type BuildInfo = { commit: string | null; builtAt: string };

/** HEAD's commit (null outside a git checkout) and the build time (SOURCE_DATE_EPOCH if set). */
export async function readBuildInfo(env: Record<string, string | undefined>): Promise<BuildInfo> {
  const head = await $`git rev-parse HEAD`.nothrow().quiet();
  const commit = head.exitCode === 0 ? head.stdout.toString().trim() : null;
  if (commit) {
    const status = await $`git status --porcelain --untracked-files=no`.nothrow().quiet();
    if (status.stdout.toString().trim() !== "") {
      console.error(`warning: building ${commit} with uncommitted changes`);
    }
  }
  return { commit, builtAt: toBuiltAt(env.SOURCE_DATE_EPOCH, new Date()) };
}

/** reproducible-builds.org: SOURCE_DATE_EPOCH (seconds) replaces the clock when set. */
export function toBuiltAt(sourceDateEpoch: string | undefined, now: Date): string {
  if (sourceDateEpoch === undefined || sourceDateEpoch === "") return now.toISOString();
  const seconds = Number(sourceDateEpoch);
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new Error(`SOURCE_DATE_EPOCH must be whole seconds, got "${sourceDateEpoch}"`);
  }
  return new Date(seconds * 1000).toISOString();
}

/** `--define` flags (values are JSON) for one binary; a null commit stays undefined in it. */
export function toDefineFlags(info: BuildInfo, platform: string): string[] {
  const defines: Record<string, string | null> = {
    LLM_PROXY_BUILD_COMMIT: info.commit,
    LLM_PROXY_BUILD_TIME: info.builtAt,
    LLM_PROXY_BUILD_PLATFORM: platform,
  };
  return Object.entries(defines).flatMap(([name, value]) =>
    value === null ? [] : [`--define=${name}=${JSON.stringify(value)}`],
  );
}
