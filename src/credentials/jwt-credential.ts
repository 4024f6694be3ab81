// A generic signed-JWT credential: config claims plus iat/exp, HS* with a secret or RS256/ES256 with a PEM key.

import type { KeyObject } from "node:crypto";
import type { UpstreamAuthConfig } from "../config/index.ts";
import type { Clock } from "../shared/index.ts";
import { CredentialConfigError } from "./credential-config-error.ts";
import { fingerprintOf } from "./fingerprint.ts";
import { readCredentialFile } from "./read-credential-file.ts";
import type { PoolMember } from "./rotating-pool.ts";
import { signToken } from "./sign-token.ts";
import { createTokenCache } from "./token-cache.ts";

type JwtAuthConfig = Extract<UpstreamAuthConfig, { type: "jwt" }>;

/** Loads the signing key at startup, so a bad key file stops the proxy rather than every request. */
export function createJwtMember(
  providerName: string,
  auth: JwtAuthConfig,
  clock: Clock,
): PoolMember {
  const key = loadSigningKey(providerName, auth);
  const what = `provider ${providerName}: signing the ${auth.algorithm} JWT`;
  const cache = createTokenCache(clock, () =>
    signToken({
      claims: auth.claims,
      algorithm: auth.algorithm,
      key,
      ttlMs: auth.ttl,
      clock,
      what,
    }),
  );
  return {
    name: "jwt",
    fingerprint: fingerprintOf(
      "jwt",
      auth,
      key instanceof Uint8Array ? "" : key.export({ type: "pkcs8", format: "pem" }),
    ),
    // A single credential: after a 401/403 re-sign rather than bench it for good.
    benchOnAuthFailure: false,
    async prepare() {
      const token = await cache.get();
      const value = auth.scheme === "" ? token : `${auth.scheme} ${token}`;
      return {
        apply: (headers) => headers.set(auth.header, value),
        invalidate: () => cache.invalidate(token),
      };
    },
  };
}

// --- internal ---

/** The key type each asymmetric algorithm signs with. */
const keyTypes: Record<string, { type: string; curve?: string }> = {
  RS256: { type: "rsa" },
  ES256: { type: "ec", curve: "prime256v1" },
};

function loadSigningKey(providerName: string, auth: JwtAuthConfig): KeyObject | Uint8Array {
  if (auth.algorithm.startsWith("HS")) {
    if (!auth.secret) {
      throw new CredentialConfigError(
        { provider: providerName, field: "auth.secret" },
        `required for ${auth.algorithm}`,
      );
    }
    return new TextEncoder().encode(auth.secret);
  }
  const path = auth.private_key_file;
  if (!path) {
    throw new CredentialConfigError(
      { provider: providerName, field: "auth.private_key_file" },
      `required for ${auth.algorithm} (a PEM PKCS#8 private key)`,
    );
  }
  const source = { provider: providerName, field: "auth.private_key_file", file: path };
  const pem = readCredentialFile(source).trim();
  const unusable = new CredentialConfigError(
    source,
    `not a PEM PKCS#8 private key ("-----BEGIN PRIVATE KEY-----") usable with ${auth.algorithm}`,
  );
  let key: KeyObject;
  try {
    // PKCS#8 only, as DESIGN.md's config names it
    if (!pem.startsWith("-----BEGIN PRIVATE KEY-----")) throw unusable;
    // loaded here, not imported: node:crypto costs every process ~2 MB of memory at start-up,
    // and only a jwt credential with a PEM key needs it
    key = process.getBuiltinModule("node:crypto").createPrivateKey({ key: pem, format: "pem" });
  } catch {
    // the parser's message is not passed on: it could quote part of the key
    throw unusable;
  }
  const wanted = keyTypes[auth.algorithm];
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (
    !wanted ||
    key.asymmetricKeyType !== wanted.type ||
    (wanted.curve && curve !== wanted.curve)
  ) {
    throw unusable;
  }
  return key;
}
