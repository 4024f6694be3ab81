// What the release binary is made of: the Bun runtime, our minified bundle (embedded assets
// included), its bytecode and its source map, found by compiling with and without each part.

import { statSync } from "node:fs";
import { extname, join } from "node:path";
import { $ } from "bun";
import { compileFlags } from "../build/compile.ts";
import { repoRoot } from "./children.ts";

type SizeBreakdown = {
  totalBytes: number;
  /** An empty program compiled with the release flags: the runtime and its fixed overhead. */
  runtimeBytes: number;
  bundleBytes: number;
  sourceMapBytes: number;
  bytecodeBytes: number;
  /** Data the bundle embeds (text/file imports, the migrations' SQL), from the metafile. */
  assets: { path: string; bytes: number }[];
};

const entry = "src/cli/index.ts";
const codeExtensions = new Set([".ts", ".tsx", ".js", ".mjs", ".cjs", ".mts", ".cts", ".json"]);
// Modules that are data held as code: the SQL of every migration.
const dataModules = new Set(["src/store/migrations.ts"]);

export async function measureBinarySize(dir: string): Promise<SizeBreakdown> {
  const empty = join(dir, "empty.ts");
  await Bun.write(empty, "export {};\n");
  const without = (...names: string[]) => compileFlags.filter((flag) => !names.includes(flag));
  const runtime = await compiledBytes(empty, compileFlags, join(dir, "empty"));
  const bundle = await compiledBytes(entry, without("--bytecode", "--sourcemap"), join(dir, "js"));
  const mapped = await compiledBytes(entry, without("--bytecode"), join(dir, "js-map"));
  const metafile = join(dir, "meta.json");
  const total = await compiledBytes(
    entry,
    [...compileFlags, `--metafile=${metafile}`],
    join(dir, "all"),
  );
  return {
    totalBytes: total,
    runtimeBytes: runtime,
    bundleBytes: bundle - runtime,
    sourceMapBytes: mapped - bundle,
    bytecodeBytes: total - mapped,
    assets: await readAssets(metafile),
  };
}

export function renderSizeBreakdown(size: SizeBreakdown, platform: string): string {
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`.padStart(10);
  const assetBytes = size.assets.reduce((sum, asset) => sum + asset.bytes, 0);
  const assetList = size.assets.map((asset) => `${asset.path} ${asset.bytes} B`).join(", ");
  return [
    `binary (${platform}, release flags)`.padEnd(35) + mb(size.totalBytes),
    `  Bun runtime (empty program)      ${mb(size.runtimeBytes)}`,
    `  our bundle (minified JS)         ${mb(size.bundleBytes)}`,
    `    of which embedded assets       ${mb(assetBytes)}  ${assetList}`,
    `  bytecode (--bytecode)            ${mb(size.bytecodeBytes)}`,
    `  source map (--sourcemap)         ${mb(size.sourceMapBytes)}`,
  ].join("\n");
}

// --- internal ---

async function compiledBytes(
  source: string,
  flags: readonly string[],
  outfile: string,
): Promise<number> {
  const result = await $`bun build ${source} ${flags} --outfile ${outfile}`
    .cwd(repoRoot)
    .nothrow()
    .quiet();
  if (result.exitCode !== 0 || /\berror\b/i.test(`${result.stdout}${result.stderr}`)) {
    throw new Error(`bun build ${source} failed: ${result.stderr}`);
  }
  return statSync(outfile).size;
}

async function readAssets(metafile: string): Promise<SizeBreakdown["assets"]> {
  const meta = (await Bun.file(metafile).json()) as { inputs?: Record<string, unknown> };
  return Object.keys(meta.inputs ?? {})
    .filter((path) => dataModules.has(path) || !codeExtensions.has(extname(path)))
    .filter((path) => !path.includes("node_modules/"))
    .map((path) => ({ path, bytes: statSync(join(repoRoot, path)).size }));
}
