// Client token format: "sk-llmp-" + 43 base64url characters (32 random bytes from the CSPRNG).
// Only the SHA-256 hash is stored; the id and the short prefix identify a token safely.

import { clientTokenPrefix, randomBase64url } from "../shared/index.ts";

// "sk-llmp-" plus 4 characters: enough to tell tokens apart in a list, far too few to guess one.
const shownPrefixLength = clientTokenPrefix.length + 4;

export type GeneratedToken = { id: string; secret: string; hash: string; prefix: string };

export function generateClientToken(): GeneratedToken {
  const random = Buffer.from(crypto.getRandomValues(new Uint8Array(32)));
  const secret = clientTokenPrefix + random.toString("base64url");
  return {
    id: `tok_${randomBase64url(8)}`,
    secret,
    hash: hashClientToken(secret),
    prefix: secret.slice(0, shownPrefixLength),
  };
}

/** Every request hashes its token: Bun's one-shot SHA-256 makes no hasher object (0.13 vs 0.37 µs). */
export function hashClientToken(secret: string): string {
  return Bun.SHA256.hash(secret, "hex");
}
