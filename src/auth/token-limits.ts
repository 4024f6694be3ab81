// Per-token rpm and tpm limits kept in this process: one sliding one-minute window per token and
// limit. The shared (Redis) limits take this one's place when `shared.redis` is configured, and
// fall back to it with `fail_mode: open`.

import type { Clock } from "../shared/index.ts";
import { ProxyError } from "../shared/index.ts";
import type { TokenRecord } from "../store/index.ts";
import { createRateWindow, type RateWindow } from "./rate-window.ts";

/** What the authenticator knows of a token's use when it asks the limits to admit a request. */
export type TokenUsage = {
  /** The store's count plus this process's requests not yet written (seeds a shared counter). */
  recordedRequests: () => Promise<number>;
};

export type TokenLimits = {
  /**
   * 429 when over rpm, or when the tokens of the last minute plus this estimate pass tpm; 401
   * when max_requests is used up (shared limits only: the authenticator checks its own count).
   * Counts the request when it is admitted.
   */
  admit(token: TokenRecord, estimatedTokens: number, usage: TokenUsage): Promise<void>;
  /** A finished request's real tokens, charged to its token's tpm window. */
  chargeTokens(tokenId: string, tokens: number): void;
};

export function createLocalLimits(clock: Clock): TokenLimits {
  const rpm = new Map<string, RateWindow>();
  const tpm = new Map<string, RateWindow>();
  return {
    async admit(token, estimatedTokens) {
      const now = clock.now();
      if (token.rpm !== null) {
        const window = windowFor(rpm, token.id);
        if (window.total(now) + 1 > token.rpm) {
          throw overLimit(`${token.rpm} requests per minute`, window.msUntilRelief(now));
        }
      }
      if (token.tpm !== null) {
        const window = windowFor(tpm, token.id);
        if (window.total(now) + estimatedTokens > token.tpm) {
          throw overLimit(`${token.tpm} tokens per minute`, window.msUntilRelief(now));
        }
      }
      // counted only once both let it through, as the shared script does
      if (token.rpm !== null) windowFor(rpm, token.id).add(1, now);
    },
    chargeTokens(tokenId, tokens) {
      // only tokens with a tpm limit have a window (made by admit)
      if (tokens > 0) tpm.get(tokenId)?.add(tokens, clock.now());
    },
  };
}

/** 429 rate_limited with a retry-after of at least one second. */
export function overLimit(limit: string, reliefMs: number): ProxyError {
  const seconds = Math.max(1, Math.ceil(reliefMs / 1000));
  return new ProxyError("rate_limited", `client token is over its limit of ${limit}`, {
    headers: { "retry-after": String(seconds) },
  });
}

/** 401: the token has made all of its max_requests requests. */
export function usedUp(token: TokenRecord): ProxyError {
  return new ProxyError(
    "invalid_api_key",
    `client token ${token.id} has used all of its ${token.max_requests} requests`,
  );
}

// --- internal ---

function windowFor(windows: Map<string, RateWindow>, id: string): RateWindow {
  let window = windows.get(id);
  if (!window) {
    window = createRateWindow();
    windows.set(id, window);
  }
  return window;
}
