// Builds a provider's credential pool from its config: keys, flow entries, a signed JWT or OAuth2.

import type { ProviderConfig } from "../config/index.ts";
import { fingerprintOf } from "./fingerprint.ts";
import { createFlowMembers } from "./flow-credential.ts";
import { createJwtMember } from "./jwt-credential.ts";
import { createOAuth2Member } from "./oauth2-credential.ts";
import { createRotatingPool, type PoolMember } from "./rotating-pool.ts";
import type { CredentialDeps, CredentialPool } from "./types.ts";

/**
 * undefined when the provider uses a single `api_key` or nothing (those keep today's behaviour).
 * Throws CredentialConfigError for a bad flow secrets file or an unreadable private key.
 */
export function createCredentialPool(
  provider: ProviderConfig,
  deps: CredentialDeps,
  previous?: CredentialPool,
): CredentialPool | undefined {
  const members = createMembers(provider, deps);
  return members ? createRotatingPool(members, deps.clock, previous) : undefined;
}

// --- internal ---

function createMembers(provider: ProviderConfig, deps: CredentialDeps): PoolMember[] | undefined {
  const auth = provider.auth;
  switch (auth?.type) {
    case "flow":
      return createFlowMembers(provider.name, auth, deps.clock);
    case "jwt":
      return [createJwtMember(provider.name, auth, deps.clock)];
    case "oauth2":
      return [createOAuth2Member(provider.name, auth, deps)];
    case undefined:
      return provider.keys ? toKeyMembers(provider.keys, deps.applyKey) : undefined;
  }
}

function toKeyMembers(keys: readonly string[], applyKey: CredentialDeps["applyKey"]): PoolMember[] {
  return keys.map((key, index) => {
    const prepared = { apply: (headers: Headers) => applyKey(headers, key), invalidate: () => {} };
    return {
      name: `key-${index + 1}`,
      fingerprint: fingerprintOf("key", key),
      benchOnAuthFailure: true,
      prepare: () => Promise.resolve(prepared),
    };
  });
}
