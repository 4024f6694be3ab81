// Compiles dist/llm-proxy (host) and, with --all, one binary per release target.
// Fails loudly: Bun can print a bytecode error and still exit 0 (bun-1.4 facts §1).

import { $ } from "bun";

await $`bun scripts/build-ui.ts`; // the admin UI first: the binary embeds dist/ui (DESIGN.md, Admin UI)

const entry = "src/cli/index.ts";
const releaseTargets = [
  "bun-linux-x64",
  "bun-linux-arm64",
  "bun-linux-x64-musl",
  "bun-darwin-x64",
  "bun-darwin-arm64",
  "bun-windows-x64",
];

async function compile(target: string | undefined, outfile: string): Promise<void> {
  const targetFlag = target ? [`--target=${target}`] : [];
  const started = performance.now();
  const result =
    await $`bun build ${entry} --compile --minify --sourcemap --bytecode --format=esm --no-compile-autoload-dotenv --no-compile-autoload-bunfig ${targetFlag} --outfile ${outfile}`
      .nothrow()
      .quiet();
  const output = `${result.stdout}${result.stderr}`;
  if (result.exitCode !== 0 || /\berror\b/i.test(output)) {
    console.error(output);
    throw new Error(`build of ${outfile} failed (exit ${result.exitCode})`);
  }
  console.error(`built ${outfile} in ${Math.round(performance.now() - started)} ms`);
}

async function smokeTest(binary: string): Promise<void> {
  const result = await $`${binary} version`.nothrow().quiet();
  if (result.exitCode !== 0) {
    throw new Error(`${binary} version failed: ${result.stderr.toString()}`);
  }
  console.error(`${binary} version -> ${result.stdout.toString().trim()}`);
}

const all = process.argv.includes("--all");
try {
  await compile(undefined, "dist/llm-proxy");
  await smokeTest("./dist/llm-proxy");
  if (all) {
    for (const target of releaseTargets) {
      const suffix = target.replace(/^bun-/, "") + (target.includes("windows") ? ".exe" : "");
      await compile(target, `dist/llm-proxy-${suffix}`);
    }
  }
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
