// Token limits shared by every instance (shared.redis): rpm, tpm and max_requests as one atomic
// script per request. A request count Redis lost is seeded from the store first. While Redis is
// away, fail_mode closed refuses the token's request (503 shared_state_unavailable), open falls
// back to this instance's own windows; tokens without limits never touch Redis.

import { ProxyError } from "../shared/index.ts";
import {
  type LimitCounters,
  type LimitVerdict,
  SharedStateError,
  type TokenRecord,
} from "../store/index.ts";
import { overLimit, type TokenLimits, type TokenUsage, usedUp } from "./token-limits.ts";

export type SharedFallback = {
  failMode: "closed" | "open";
  /** A shared-state call failed (each one, in both modes): for the metric. */
  onUnavailable: (operation: "limits" | "budgets", error: SharedStateError) => void;
};

export type SharedLimitsOptions = SharedFallback & {
  counters: LimitCounters;
  /** This instance's own limits: the fallback with fail_mode open. */
  local: TokenLimits;
};

export function createSharedLimits(options: SharedLimitsOptions): TokenLimits {
  const { counters, local } = options;
  const withTpm = new Set<string>();
  const verdictFor = async (token: TokenRecord, estimate: number, usage: TokenUsage) => {
    const request = {
      tokenId: token.id,
      rpm: token.rpm,
      tpm: token.tpm,
      maxRequests: token.max_requests,
      estimatedTokens: estimate,
    };
    const first = await counters.admit(request);
    if (first.kind !== "unseeded") return first;
    await counters.seedRequests(token.id, await usage.recordedRequests());
    return counters.admit(request);
  };
  return {
    async admit(token, estimatedTokens, usage) {
      if (token.rpm === null && token.tpm === null && token.max_requests === null) return;
      if (token.tpm !== null) withTpm.add(token.id);
      let verdict: LimitVerdict;
      try {
        verdict = await verdictFor(token, estimatedTokens, usage);
      } catch (error: unknown) {
        if (!(error instanceof SharedStateError)) throw error;
        options.onUnavailable("limits", error);
        if (options.failMode === "closed") throw sharedStateUnavailable("limits", error);
        return local.admit(token, estimatedTokens, usage);
      }
      if (verdict.kind === "admitted") return;
      if (verdict.kind === "used_up") throw usedUp(token);
      if (verdict.kind === "unseeded") {
        throw new Error(`the request count of token ${token.id} could not be seeded in Redis`);
      }
      const limit = verdict.limit === "rpm" ? `${token.rpm} requests` : `${token.tpm} tokens`;
      throw overLimit(`${limit} per minute`, verdict.reliefMs);
    },
    chargeTokens(tokenId, tokens) {
      local.chargeTokens(tokenId, tokens);
      if (tokens <= 0 || !withTpm.has(tokenId)) return;
      counters.chargeTokens(tokenId, tokens).catch((error: unknown) => {
        if (error instanceof SharedStateError) options.onUnavailable("limits", error);
      });
    },
  };
}

/** 503: the caller needs a shared limit or budget and Redis cannot be asked. */
export function sharedStateUnavailable(what: string, cause: unknown): ProxyError {
  return new ProxyError(
    "shared_state_unavailable",
    `the shared ${what} of this deployment cannot be checked right now (Redis is unreachable); try again shortly`,
    { cause, headers: { "retry-after": "1" } },
  );
}
