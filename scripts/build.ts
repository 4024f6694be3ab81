// `bun run build [-- --all]`: compiles dist/llm-proxy for this machine and, with --all, one binary
// per release target plus dist/SHA256SUMS. Any failure exits 1 with the reason.

import { join, resolve } from "node:path";
import { $ } from "bun";
import { messageOf } from "../src/shared/index.ts";
import { type BuildInfo, readBuildInfo, toDefineFlags } from "./build/build-info.ts";
import { checksumsFileName, writeChecksums } from "./build/checksums.ts";
import { compile } from "./build/compile.ts";
import { binaryName, hostPlatform, releaseTargets } from "./build/targets.ts";

/** Steps that write files the binaries embed (e.g. the admin UI's assets), run before compiling. */
const preBuildSteps: (() => Promise<void>)[] = [
  // the binary embeds dist/ui (DESIGN.md, Admin UI)
  async () => {
    await $`bun scripts/build-ui.ts`;
  },
];

const entry = "src/cli/index.ts";
const distDir = "dist";

try {
  const all = parseFlags(process.argv.slice(2));
  process.chdir(resolve(import.meta.dir, ".."));
  for (const step of preBuildSteps) await step();
  const info = await readBuildInfo(process.env);
  await buildHost(info);
  if (all) await buildReleases(info);
} catch (error: unknown) {
  console.error(`build failed: ${messageOf(error)}`);
  process.exit(1);
}

// --- internal ---

function parseFlags(argv: string[]): boolean {
  for (const arg of argv) {
    if (arg !== "--all")
      throw new Error(`unknown argument ${arg} (usage: bun run build [-- --all])`);
  }
  return argv.includes("--all");
}

async function buildHost(info: BuildInfo): Promise<void> {
  const outfile = join(distDir, binaryName);
  await compile({ entry, outfile, defineFlags: toDefineFlags(info, hostPlatform()) });
  await checkVersion(outfile, info, hostPlatform());
}

async function buildReleases(info: BuildInfo): Promise<void> {
  for (const target of releaseTargets) {
    const outfile = join(distDir, target.fileName);
    const defineFlags = toDefineFlags(info, target.platform);
    await compile({
      entry,
      outfile,
      bunTarget: target.bunTarget,
      format: target.format,
      defineFlags,
    });
    if (target.platform === hostPlatform()) await checkVersion(outfile, info, target.platform);
  }
  const sums = await writeChecksums(
    distDir,
    releaseTargets.map((target) => target.fileName),
  );
  console.error(`wrote ${sums} (check: cd ${distDir} && sha256sum -c ${checksumsFileName})`);
}

/** Runs `version --json` and checks that the injected build facts came through. */
async function checkVersion(binary: string, info: BuildInfo, platform: string): Promise<void> {
  const result = await $`./${binary} version --json`.nothrow().quiet();
  if (result.exitCode !== 0) {
    throw new Error(`${binary} version --json failed: ${result.stderr.toString()}`);
  }
  const text = result.stdout.toString().trim();
  const reported: unknown = JSON.parse(text);
  const expected = { commit: info.commit, built_at: info.builtAt, platform };
  const fields = typeof reported === "object" && reported !== null ? reported : {};
  for (const [key, value] of Object.entries(expected)) {
    const got = (fields as Record<string, unknown>)[key];
    if (got !== value) throw new Error(`${binary} reports ${key} ${got}, expected ${value}`);
  }
  console.error(`${binary} version --json -> ${text}`);
}
