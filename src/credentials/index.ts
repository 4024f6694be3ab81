// Credentials: upstream key pools, signed JWTs (flow preset) and OAuth2 tokens, with benching and reset.

export { createCredentialPool } from "./create-credential-pool.ts";
export { CredentialConfigError } from "./credential-config-error.ts";
export type {
  CredentialDeps,
  CredentialLease,
  CredentialOutcome,
  CredentialPool,
  CredentialSnapshot,
} from "./types.ts";
