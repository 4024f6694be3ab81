// CI check of `bun run build -- --all`: every release file is present with its target's format
// (ELF x86-64/aarch64, Mach-O x86-64/arm64, PE32+), and SHA256SUMS lists exactly those files.
// Mach-O signatures are reported, not required: users re-sign with codesign (README "Install").

import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { readBinaryFormat } from "./build/binary-format.ts";
import { checksumsFileName } from "./build/checksums.ts";
import { checkMachOSignature } from "./build/macho-signature.ts";
import { releaseTargets } from "./build/targets.ts";

const distDir = resolve(import.meta.dir, "..", "dist");
const problems: string[] = [];

for (const target of releaseTargets) {
  const path = join(distDir, target.fileName);
  const bytes = statSync(path, { throwIfNoEntry: false })?.size;
  if (bytes === undefined) {
    problems.push(`${target.fileName}: missing`);
    continue;
  }
  const format = await readBinaryFormat(path);
  const verdict = format === target.format ? "ok" : `expected ${target.format}`;
  if (format !== target.format) problems.push(`${target.fileName}: ${format ?? "unknown"}`);
  const mb = `${(bytes / 1e6).toFixed(1)} MB`.padStart(9);
  console.log(`${target.fileName.padEnd(28)}${mb}  ${(format ?? "unknown").padEnd(14)} ${verdict}`);
  if (format?.startsWith("macho-")) reportSignature(target.fileName, await Bun.file(path).bytes());
}

const listed = (
  await Bun.file(join(distDir, checksumsFileName))
    .text()
    .catch(() => "")
)
  .split("\n")
  .filter((line) => line !== "")
  .map((line) => line.replace(/^[0-9a-f]{64} {2}/, ""));
const expected = releaseTargets.map((target) => target.fileName);
if (listed.join("\n") !== expected.join("\n")) {
  problems.push(
    `${checksumsFileName} lists [${listed.join(", ")}], expected [${expected.join(", ")}]`,
  );
}

if (problems.length > 0) {
  console.error(`release check failed:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(
  `${releaseTargets.length} release binaries with the right formats; ${checksumsFileName} lists them`,
);

// --- internal ---

function reportSignature(fileName: string, bytes: Uint8Array): void {
  const check = checkMachOSignature(bytes);
  console.log(
    check.valid
      ? `  ad-hoc signature valid (${check.pages} pages)`
      : `  warning: ad-hoc signature invalid: ${check.why}; macOS users re-sign ${fileName}`,
  );
}
