// Signs a JWT with jose for the flow and jwt credentials: claims plus iat and exp from the clock.

import type { KeyObject } from "node:crypto";
import { type JWTPayload, SignJWT } from "jose";
import { type Clock, ProxyError } from "../shared/index.ts";
import type { IssuedToken } from "./token-cache.ts";

type SignTokenOptions = {
  claims: JWTPayload;
  algorithm: string;
  key: KeyObject | Uint8Array;
  ttlMs: number;
  clock: Clock;
  /** Safe description for the error, e.g. `provider flow: signing the JWT for "config1"`. */
  what: string;
};

export async function signToken(options: SignTokenOptions): Promise<IssuedToken> {
  const issuedAt = Math.floor(options.clock.now() / 1000);
  const expiresAt = issuedAt + Math.max(1, Math.round(options.ttlMs / 1000));
  try {
    const token = await new SignJWT(options.claims)
      .setProtectedHeader({ alg: options.algorithm, typ: "JWT" })
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(options.key);
    return { token, expiresAtMs: expiresAt * 1000 };
  } catch {
    // jose's message is not passed on: the key material must never reach a response or a log.
    throw new ProxyError("upstream_error", `${options.what} failed`);
  }
}
