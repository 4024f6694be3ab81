// The startup error for credentials that cannot be loaded: names the file, entry and field, never a secret.

export class CredentialConfigError extends Error {
  /** Where the problem is, e.g. `providers[flow] auth.secrets_file /abs/secrets.json`. */
  readonly source: string;
  readonly problem: string;

  constructor(source: string, problem: string) {
    super(`${source}: ${problem}`);
    this.name = "CredentialConfigError";
    this.source = source;
    this.problem = problem;
  }
}
