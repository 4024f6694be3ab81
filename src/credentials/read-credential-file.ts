// Reads a user's credential file (secrets.json, a PEM key) at startup, saying plainly why it cannot.

import { readFile } from "node:fs/promises";
import { CredentialConfigError, type CredentialSource } from "./credential-config-error.ts";

/** The text of `source.file`, or a CredentialConfigError naming it. */
export async function readCredentialFile(
  source: CredentialSource & { file: string },
): Promise<string> {
  try {
    return await readFile(source.file, "utf8");
  } catch (error: unknown) {
    throw new CredentialConfigError(source, describeReadError(error));
  }
}

// --- internal ---

function describeReadError(error: unknown): string {
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : "";
  switch (code) {
    case "ENOENT":
      return "file not found";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory, expected a file";
    default:
      return "cannot be read";
  }
}
