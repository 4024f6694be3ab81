// Reads and checks flow credential entries (seed 000's secrets.json): the first problem names entry and field.

import type { z } from "zod";
import { type FlowCredential, flowCredentialSchema } from "../config/index.ts";
import { CredentialConfigError, type CredentialSource } from "./credential-config-error.ts";
import { readCredentialFile } from "./read-credential-file.ts";

/** Reads the JSON array in `source.file`; every error names the source. */
export function readFlowSecrets(source: CredentialSource & { file: string }): FlowCredential[] {
  const text = readCredentialFile(source);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error, which may be a secret.
    throw new CredentialConfigError(source, "not valid JSON");
  }
  if (!Array.isArray(raw)) {
    throw new CredentialConfigError(source, "expected a JSON array of credential entries");
  }
  if (raw.length === 0) {
    throw new CredentialConfigError(source, "the array is empty; add at least one entry");
  }
  const entries = raw.map((entry: unknown, index) => parseEntry(entry, index, source));
  checkUniqueNames(entries, source);
  return entries;
}

/** Names label credentials in snapshots and in the per-request exclude set, so they must differ. */
export function checkUniqueNames(
  entries: readonly FlowCredential[],
  source: CredentialSource,
): void {
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const first = seen.get(entry.name);
    if (first !== undefined) {
      const where = `entry ${index} (${JSON.stringify(entry.name)})`;
      throw new CredentialConfigError(source, `${where}: name: duplicate of entry ${first}`);
    }
    seen.set(entry.name, index);
  });
}

// --- internal ---

function parseEntry(entry: unknown, index: number, source: CredentialSource): FlowCredential {
  const result = flowCredentialSchema.safeParse(entry);
  if (result.success) return result.data;
  const name =
    typeof entry === "object" && entry !== null && "name" in entry && typeof entry.name === "string"
      ? ` (${JSON.stringify(entry.name)})`
      : "";
  const issue = result.error.issues[0];
  const problem = issue ? describeIssue(issue) : "invalid entry";
  throw new CredentialConfigError(source, `entry ${index}${name}: ${problem}`);
}

// The messages never quote the value: it may be a client secret.
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((key) => JSON.stringify(key)).join(", ");
    return `unknown ${issue.keys.length === 1 ? "key" : "keys"} ${keys}; expected name, agent, appToAccess, clientId, clientSecret, tenant`;
  }
  if (field === "") return "expected an object";
  return `${field}: expected a non-empty string`;
}
