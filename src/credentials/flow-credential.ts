// Flow credentials (seed 000): one HS256 JWT per secrets.json entry, signed locally with its clientSecret.

import type { FlowCredential, UpstreamAuthConfig } from "../config/index.ts";
import type { Clock } from "../shared/index.ts";
import { fingerprintOf } from "./fingerprint.ts";
import { checkUniqueNames, readFlowSecrets } from "./flow-secrets.ts";
import type { PoolMember } from "./rotating-pool.ts";
import { signToken } from "./sign-token.ts";
import { createTokenCache } from "./token-cache.ts";

type FlowAuthConfig = Extract<UpstreamAuthConfig, { type: "flow" }>;

export function createFlowMembers(
  providerName: string,
  auth: FlowAuthConfig,
  clock: Clock,
): PoolMember[] {
  const entries = loadEntries(providerName, auth);
  return entries.map((entry) => toFlowMember(providerName, entry, auth.ttl, clock));
}

// --- internal ---

function loadEntries(providerName: string, auth: FlowAuthConfig): FlowCredential[] {
  if (auth.secrets_file) {
    const file = auth.secrets_file;
    return readFlowSecrets({ provider: providerName, field: "auth.secrets_file", file });
  }
  const entries = auth.credentials ?? [];
  checkUniqueNames(entries, { provider: providerName, field: "auth.credentials" });
  return entries;
}

function toFlowMember(
  providerName: string,
  entry: FlowCredential,
  ttlMs: number,
  clock: Clock,
): PoolMember {
  const key = new TextEncoder().encode(entry.clientSecret);
  // The Flow upstream's format: the client credentials travel inside the signed payload.
  const claims = {
    clientId: entry.clientId,
    clientSecret: entry.clientSecret,
    tenant: entry.tenant,
    agent: entry.agent,
    appToAccess: entry.appToAccess,
  };
  const what = `provider ${providerName}: signing the flow JWT for ${JSON.stringify(entry.name)}`;
  const cache = createTokenCache(clock, () =>
    signToken({ claims, algorithm: "HS256", key, ttlMs, clock, what }),
  );
  return {
    name: entry.name,
    fingerprint: fingerprintOf("flow", entry, ttlMs),
    benchOnAuthFailure: true,
    async prepare() {
      const token = await cache.get();
      return {
        apply: (headers) => headers.set("authorization", `Bearer ${token}`),
        invalidate: () => cache.invalidate(token),
      };
    },
  };
}
