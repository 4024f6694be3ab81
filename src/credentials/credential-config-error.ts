// The startup error for credentials that cannot be loaded: names the file, entry and field, never a secret.

/** Where a credential problem is: the provider, its config field, and the file when there is one. */
export type CredentialSource = {
  provider: string;
  /** The field under the provider, e.g. `auth.secrets_file`. */
  field: string;
  /** The file the field names, as resolved. */
  file?: string;
};

export class CredentialConfigError extends Error {
  readonly source: CredentialSource;
  readonly problem: string;

  constructor(source: CredentialSource, problem: string) {
    super(`${describeSource(source)}: ${problem}`);
    this.name = "CredentialConfigError";
    this.source = source;
    this.problem = problem;
  }
}

// --- internal ---

/** `providers[flow] auth.secrets_file /abs/secrets.json` */
function describeSource({ provider, field, file }: CredentialSource): string {
  return `providers[${provider}] ${field}${file === undefined ? "" : ` ${file}`}`;
}
