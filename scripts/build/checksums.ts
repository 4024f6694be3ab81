// SHA-256 of the release files and dist/SHA256SUMS in the format `sha256sum -c` reads.

import { join } from "node:path";

type Checksum = { fileName: string; sha256: string };

export const checksumsFileName = "SHA256SUMS";

async function sha256File(path: string): Promise<string> {
  const hasher = new Bun.CryptoHasher("sha256");
  for await (const chunk of Bun.file(path).stream()) hasher.update(chunk);
  return hasher.digest("hex");
}

/** GNU coreutils text format: `<64 hex>  <name>` per line (two spaces: text mode). */
export function toChecksumsText(checksums: readonly Checksum[]): string {
  return checksums
    .map(({ fileName, sha256 }) => {
      // sha256sum escapes such names with a leading backslash; ours never need it.
      if (/[\\\n\r]/.test(fileName)) throw new Error(`cannot list ${JSON.stringify(fileName)}`);
      if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
      return `${sha256}  ${fileName}\n`;
    })
    .join("");
}

/** Hashes each file of `dir` in order and writes `dir/SHA256SUMS`; returns the file's path. */
export async function writeChecksums(dir: string, fileNames: readonly string[]): Promise<string> {
  const checksums: Checksum[] = [];
  for (const fileName of fileNames) {
    checksums.push({ fileName, sha256: await sha256File(join(dir, fileName)) });
  }
  const path = join(dir, checksumsFileName);
  await Bun.write(path, toChecksumsText(checksums));
  return path;
}
