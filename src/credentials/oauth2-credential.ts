// An OAuth2 client-credentials credential (RFC 6749 §4.4): one cached access token, one fetch in flight.

import { z } from "zod";
import type { UpstreamAuthConfig } from "../config/index.ts";
import { type Clock, ProxyError } from "../shared/index.ts";
import { fingerprintOf } from "./fingerprint.ts";
import type { PoolMember } from "./rotating-pool.ts";
import { createTokenCache, type IssuedToken } from "./token-cache.ts";

type OAuth2AuthConfig = Extract<UpstreamAuthConfig, { type: "oauth2" }>;

type OAuth2Deps = { fetch: typeof fetch; clock: Clock };

/** A token endpoint that has not answered by then counts as failed; the next acquire tries again. */
const tokenRequestTimeoutMs = 10_000;

export function createOAuth2Member(
  providerName: string,
  auth: OAuth2AuthConfig,
  deps: OAuth2Deps,
): PoolMember {
  const cache = createTokenCache(deps.clock, () => requestToken(providerName, auth, deps));
  return {
    name: "oauth2",
    fingerprint: fingerprintOf("oauth2", auth),
    // A single credential: after a 401/403 fetch a new token rather than bench it for good.
    benchOnAuthFailure: false,
    async prepare() {
      const token = await cache.get();
      return {
        apply: (headers) => headers.set("authorization", `Bearer ${token}`),
        invalidate: () => cache.invalidate(token),
      };
    },
  };
}

// --- internal ---

/** RFC 6749 §5.1; expires_in is optional, so a missing or odd one falls back to an hour. */
const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.unknown().optional(),
});

const defaultExpiresInSeconds = 3600;

async function requestToken(
  providerName: string,
  auth: OAuth2AuthConfig,
  deps: OAuth2Deps,
): Promise<IssuedToken> {
  const url = new URL(auth.token_url);
  // origin + path only: the query or userinfo of the URL could carry a secret.
  const fail = (reason: string) =>
    new ProxyError(
      "upstream_error",
      `provider ${providerName}: OAuth2 token request to ${url.origin}${url.pathname} failed: ${reason}`,
    );
  const startedAtMs = deps.clock.now();
  let response: Response;
  try {
    response = await deps.fetch(auth.token_url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: toFormBody(auth),
      signal: AbortSignal.timeout(tokenRequestTimeoutMs),
    });
  } catch (error: unknown) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    throw fail(timedOut ? `timed out after ${tokenRequestTimeoutMs / 1000} s` : "network error");
  }
  if (!response.ok) {
    // The body is not read: an error page may echo the submitted form, client_secret included.
    await response.body?.cancel().catch(() => undefined);
    throw fail(`status ${response.status}`);
  }
  const parsed = tokenResponseSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw fail("invalid response");
  const expiresInMs = toExpiresInSeconds(parsed.data.expires_in) * 1000;
  return { token: parsed.data.access_token, expiresAtMs: startedAtMs + expiresInMs };
}

function toFormBody(auth: OAuth2AuthConfig): URLSearchParams {
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: auth.client_id,
    client_secret: auth.client_secret,
  });
  if (auth.scope) body.set("scope", auth.scope);
  if (auth.audience) body.set("audience", auth.audience);
  return body;
}

// Some servers send expires_in as a string ("3600").
function toExpiresInSeconds(value: unknown): number {
  const seconds = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0
    ? seconds
    : defaultExpiresInSeconds;
}
