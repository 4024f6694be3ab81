// Checks client tokens on the hot path without a store query per request: token and project
// rows come from a short-lived cache (token-rows.ts), usage counters are kept in memory and
// written in one batch per flush interval. Rate limits are the given TokenLimits (this
// process's, or shared ones).

import { type Clock, ProxyError } from "../shared/index.ts";
import type { ProjectRepository, TokenRecord, TokenRepository } from "../store/index.ts";
import { createUsageCounter } from "./token-counter.ts";
import { createLocalLimits, type TokenLimits, type TokenUsage, usedUp } from "./token-limits.ts";
import { type Caller, createTokenRows, type Forget } from "./token-rows.ts";
import { hashClientToken } from "./token-secret.ts";

export type Authenticator = {
  /** 401 when the token is missing, unknown, revoked, expired or used up; 403 for a disabled project. */
  authenticate(headers: Headers): Promise<Caller>;
  /**
   * 403 when the token may not use the model; 429 when over rpm, or when the tokens used in the
   * last minute plus this request's estimate pass tpm. Counts the request.
   */
  admit(caller: Caller, model: string | undefined, estimatedTokens: number): Promise<void>;
  /** Charges a finished request's real tokens (from the upstream's usage) to its token's tpm. */
  chargeTokens(tokenId: string, tokens: number): void;
  /** Drops cached rows, so the next request reads the store (a revocation somewhere else). */
  forget(what: Forget): void;
  /** Writes buffered usage counters now. */
  flush(): Promise<void>;
  /** Stops the flush timer after a last flush. */
  close(): Promise<void>;
};

export type AuthenticatorDeps = {
  tokens: TokenRepository;
  projects: ProjectRepository;
  clock: Clock;
  onFlushError: (error: unknown) => void;
  /** rpm, tpm (and, shared, max_requests); default: this process's own windows. */
  limits?: TokenLimits;
  /** How long a looked-up token stays trusted; bounds how late an unannounced revoke is seen. */
  cacheTtlMs?: number;
  /**
   * How long a request of a token already known waits for its row to be read again; past it
   * (the store is frozen or failing) the row it had serves, and so do later requests while
   * that read is still out.
   */
  readDeadlineMs?: number;
  flushIntervalMs?: number;
};

// A revoke from the CLI must reach a running server within 5 s.
const defaultCacheTtlMs = 2_000;
const defaultReadDeadlineMs = 250;
const defaultFlushIntervalMs = 1_000;

export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  const limits = deps.limits ?? createLocalLimits(deps.clock);
  const counter = createUsageCounter(deps.tokens, deps.onFlushError);
  const rows = createTokenRows({
    tokens: deps.tokens,
    projects: deps.projects,
    clock: deps.clock,
    ttlMs: deps.cacheTtlMs ?? defaultCacheTtlMs,
    readDeadlineMs: deps.readDeadlineMs ?? defaultReadDeadlineMs,
    onRead: (tokenId) => counter.noteRead(tokenId),
  });
  /** Requests counted so far as this process knows them (the row's count and its own). */
  const usedRequests = (token: TokenRecord) => token.request_count + counter.unrecorded(token.id);
  const usageOf = (token: TokenRecord): TokenUsage => ({
    recordedRequests: async () => {
      const fresh = await deps.tokens.find(token.id);
      return (fresh?.request_count ?? token.request_count) + counter.pending(token.id);
    },
  });
  const timer = setInterval(
    () => void counter.flush(),
    deps.flushIntervalMs ?? defaultFlushIntervalMs,
  );
  timer.unref();

  return {
    async authenticate(headers) {
      const secret = presentedToken(headers);
      if (!secret) {
        throw new ProxyError(
          "invalid_api_key",
          "missing client token: send it as Authorization: Bearer <token> or x-api-key",
        );
      }
      const now = deps.clock.now();
      const caller = await rows.lookup(hashClientToken(secret), now);
      if (!caller) throw new ProxyError("invalid_api_key", "invalid client token");
      checkToken(caller, now, usedRequests(caller.token));
      return caller;
    },
    async admit(caller, model, estimatedTokens) {
      const { token } = caller;
      if (token.models && (model === undefined || !caller.allows(model))) {
        const asked = model === undefined ? "a request without a model" : `model "${model}"`;
        throw new ProxyError(
          "permission_denied",
          `client token ${token.id} may not use ${asked} (allowed: ${token.models?.join(", ")})`,
          { param: "model" },
        );
      }
      await limits.admit(token, estimatedTokens, usageOf(token));
      // checked and counted with nothing in between: concurrent requests never pass it together
      if (token.max_requests !== null && usedRequests(token) >= token.max_requests) {
        throw usedUp(token);
      }
      counter.count(token.id, deps.clock.now());
    },
    chargeTokens: (tokenId, tokens) => limits.chargeTokens(tokenId, tokens),
    forget: (what) => rows.forget(what),
    flush: () => counter.flush(),
    async close() {
      clearInterval(timer);
      await counter.flush();
    },
  };
}

// --- internal ---

/** Revoked, expired, used up (as far as this process knows) or in a disabled project. */
function checkToken(caller: Caller, now: number, usedRequests: number): void {
  const { token, project } = caller;
  if (token.revoked_at !== null) {
    throw new ProxyError("invalid_api_key", `client token ${token.id} has been revoked`);
  }
  if (token.expires_at !== null && now >= token.expires_at) {
    const when = new Date(token.expires_at).toISOString();
    throw new ProxyError("invalid_api_key", `client token ${token.id} expired at ${when}`);
  }
  if (token.max_requests !== null && usedRequests >= token.max_requests) throw usedUp(token);
  if (!project.active) {
    throw new ProxyError("permission_denied", `project "${project.name}" is disabled`);
  }
}

// made once: a RegExp literal in the function would be a new object for every request
const bearerToken = /^Bearer\s+(\S+)\s*$/i;

function presentedToken(headers: Headers): string | undefined {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = bearerToken.exec(authorization);
    if (match?.[1]) return match[1];
  }
  return headers.get("x-api-key")?.trim() || undefined;
}
