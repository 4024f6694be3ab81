// Reads a user's credential file (secrets.json, a PEM key) when a config is prepared (a start, a
// reload, config validate), saying plainly why it cannot. Synchronous: files are small and read
// once per config, so the parts of an app can be built in one step.

import { readFileSync } from "node:fs";
import { CredentialConfigError, type CredentialSource } from "./credential-config-error.ts";

/** The text of `source.file`, or a CredentialConfigError naming it. */
export function readCredentialFile(source: CredentialSource & { file: string }): string {
  try {
    return readFileSync(source.file, "utf8");
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
