// One `bun build --compile` run that fails loudly: Bun can print a bytecode error and still exit 0
// (bun-1.4 facts §1), so the output, the file and its format are all checked.

import { rmSync, statSync } from "node:fs";
import { $ } from "bun";
import { type BinaryFormat, readBinaryFormat } from "./binary-format.ts";

type CompileOptions = {
  entry: string;
  outfile: string;
  /** `bun build --target` (bun-linux-arm64, ...); the host runtime when absent. */
  bunTarget?: string;
  /** The format the file must have; unchecked when absent (the host build). */
  format?: BinaryFormat;
  defineFlags: readonly string[];
};

// ESM so --bytecode works (CJS fails on top-level await). Nothing is read from the cwd at run
// time: no .env, no bunfig.toml (tsconfig and package.json autoloading are off by default).
export const compileFlags: readonly string[] = [
  "--compile",
  "--minify",
  "--sourcemap",
  "--bytecode",
  "--format=esm",
  "--no-compile-autoload-dotenv",
  "--no-compile-autoload-bunfig",
];

// A trivial program compiles to about 100 MB (the Bun runtime); anything far smaller is broken.
const minimumBytes = 32 * 1024 * 1024;

export async function compile(options: CompileOptions): Promise<void> {
  const { entry, outfile, bunTarget, format, defineFlags } = options;
  const targetFlags = bunTarget ? [`--target=${bunTarget}`] : [];
  const started = performance.now();
  const result =
    await $`bun build ${entry} ${compileFlags} ${targetFlags} ${defineFlags} --outfile ${outfile}`
      .nothrow()
      .quiet();
  const output = `${result.stdout}${result.stderr}`;
  if (result.exitCode !== 0 || /\berror\b/i.test(output)) {
    console.error(output);
    throw new Error(`build of ${outfile} failed (exit ${result.exitCode})`);
  }
  const bytes = statSync(outfile, { throwIfNoEntry: false })?.size ?? 0;
  if (bytes < minimumBytes) throw new Error(`${outfile}: ${bytes} bytes, expected a whole binary`);
  const found = await readBinaryFormat(outfile);
  if (format && found !== format) throw new Error(`${outfile} is ${found}, expected ${format}`);
  // The source map is embedded in the binary (stack traces map without it); this copy is litter.
  rmSync(`${outfile}.map`, { force: true });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.error(`built ${outfile} (${(bytes / 1e6).toFixed(1)} MB, ${found}) in ${seconds} s`);
}
