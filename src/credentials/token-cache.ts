// Caches one signed or fetched token until shortly before it expires; one refresh in flight at a time.

import type { Clock } from "../shared/index.ts";

export type IssuedToken = { token: string; expiresAtMs: number };

export type TokenCache = {
  /** The cached token, or a fresh one when it is missing or about to expire. */
  get(): Promise<string>;
  /** Forgets `token` if it is still the cached one (the upstream refused it). */
  invalidate(token: string): void;
};

/** Refresh this long before expiry: 60 s, or 10% of the token's lifetime when that is shorter. */
const maxRefreshMarginMs = 60_000;

export function createTokenCache(clock: Clock, issue: () => Promise<IssuedToken>): TokenCache {
  let cached: { token: string; refreshAtMs: number } | undefined;
  let pending: Promise<string> | undefined;

  const refresh = async (): Promise<string> => {
    const issuedAtMs = clock.now();
    const { token, expiresAtMs } = await issue();
    const marginMs = Math.min(maxRefreshMarginMs, (expiresAtMs - issuedAtMs) * 0.1);
    cached = { token, refreshAtMs: expiresAtMs - marginMs };
    return token;
  };

  return {
    get() {
      if (cached && clock.now() < cached.refreshAtMs) return Promise.resolve(cached.token);
      // Single flight: every caller waiting for a refresh shares it; a failure is not cached.
      pending ??= refresh().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
