// The release targets: Bun's cross-compile target, the platform name `version --json` reports,
// the file name under dist/ and the executable format each file must have.

import type { BinaryFormat } from "./binary-format.ts";

type ReleaseTarget = {
  /** `bun build --target`; Bun fetches its runtime from the npm registry. */
  bunTarget: string;
  /** As in the file name and `version --json`: linux-x64, darwin-arm64, ... */
  platform: string;
  fileName: string;
  format: BinaryFormat;
};

export const binaryName = "llm-proxy";

// The five of DESIGN.md "Releases", plus musl for Alpine (needs libstdc++ and libgcc there).
export const releaseTargets: readonly ReleaseTarget[] = [
  toReleaseTarget("linux-x64", "elf-x86-64"),
  toReleaseTarget("linux-arm64", "elf-aarch64"),
  toReleaseTarget("linux-x64-musl", "elf-x86-64"),
  toReleaseTarget("darwin-x64", "macho-x86-64"),
  toReleaseTarget("darwin-arm64", "macho-arm64"),
  toReleaseTarget("windows-x64", "pe32+-x86-64"),
];

function toReleaseTarget(platform: string, format: BinaryFormat): ReleaseTarget {
  const extension = platform.startsWith("windows-") ? ".exe" : "";
  return {
    bunTarget: `bun-${platform}`,
    platform,
    fileName: `${binaryName}-${platform}${extension}`,
    format,
  };
}

/** The platform of the machine running the build, named as the release files are. */
export { hostPlatform } from "../../src/cli/_platform.ts";
