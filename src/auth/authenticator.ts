// Checks client tokens on the hot path without touching the disk per request: token and project
// rows are cached for a short TTL (so a revoke lands within it), usage counters are kept in
// memory and written in one batch per flush interval.

import type { Clock } from "../shared/index.ts";
import { compileGlobs, type GlobMatcher, ProxyError } from "../shared/index.ts";
import type { Project, ProjectRepository, TokenRecord, TokenRepository } from "../store/index.ts";
import { createRateWindow, type RateWindow } from "./rate-window.ts";
import { hashClientToken } from "./token-secret.ts";

/** Who is calling: the token (never its secret) and its project. */
export type Caller = {
  token: TokenRecord;
  project: Project;
  /** Whether the token's `models` globs allow a model (true for any model when unset). */
  allows: GlobMatcher;
};

export type Authenticator = {
  /** 401 when the token is missing, unknown, revoked, expired or used up; 403 for a disabled project. */
  authenticate(headers: Headers): Caller;
  /**
   * 403 when the token may not use the model; 429 when over rpm, or when the tokens used in the
   * last minute plus this request's estimate pass tpm. Counts the request.
   */
  admit(caller: Caller, model: string | undefined, estimatedTokens: number): void;
  /** Charges a finished request's real tokens (from the upstream's usage) to its token's tpm. */
  chargeTokens(tokenId: string, tokens: number): void;
  /** Writes buffered usage counters now. */
  flush(): void;
  /** Stops the flush timer after a last flush. */
  close(): void;
};

export type AuthenticatorDeps = {
  tokens: TokenRepository;
  projects: ProjectRepository;
  clock: Clock;
  onFlushError: (error: unknown) => void;
  /** How long a looked-up token stays trusted; bounds how late a revoke is seen. */
  cacheTtlMs?: number;
  flushIntervalMs?: number;
};

// A revoke from the CLI must reach a running server within 5 s.
const defaultCacheTtlMs = 2_000;
const defaultFlushIntervalMs = 1_000;
// Unknown tokens are remembered too (a flood of bad tokens stays off the disk), within bounds.
const maxCachedEntries = 10_000;

type Entry = {
  fetchedAt: number;
  caller: Caller | undefined;
  /** Requests counted by this process and already written since the row was read. */
  flushedSinceFetch: number;
};

export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  const ttl = deps.cacheTtlMs ?? defaultCacheTtlMs;
  const cache = new Map<string, Entry>();
  const pending = new Map<string, { requests: number; lastUsedAt: number }>();
  const rpm = new Map<string, RateWindow>();
  const tpm = new Map<string, RateWindow>();

  const lookup = (hash: string, now: number): Entry => {
    const cached = cache.get(hash);
    if (cached && now - cached.fetchedAt < ttl) return cached;
    const token = deps.tokens.findByHash(hash);
    const project = token ? deps.projects.find(token.project_id) : undefined;
    const allows = token?.models ? compileGlobs(token.models) : anyModel;
    const entry: Entry = {
      fetchedAt: now,
      caller: token && project ? { token, project, allows } : undefined,
      flushedSinceFetch: 0,
    };
    if (cache.size >= maxCachedEntries) cache.clear();
    cache.set(hash, entry);
    return entry;
  };

  const flush = (): void => {
    if (pending.size === 0) return;
    const batch = [...pending].map(([id, use]) => ({
      id,
      requests: use.requests,
      last_used_at: use.lastUsedAt,
    }));
    try {
      deps.tokens.recordUse(batch);
    } catch (error: unknown) {
      // kept in `pending` and retried on the next flush
      deps.onFlushError(error);
      return;
    }
    pending.clear();
    const written = new Map(batch.map((use) => [use.id, use.requests]));
    for (const entry of cache.values()) {
      const requests = entry.caller ? written.get(entry.caller.token.id) : undefined;
      if (requests !== undefined) entry.flushedSinceFetch += requests;
    }
  };
  const timer = setInterval(flush, deps.flushIntervalMs ?? defaultFlushIntervalMs);
  timer.unref();

  return {
    authenticate(headers) {
      const secret = presentedToken(headers);
      if (!secret) {
        throw new ProxyError(
          "invalid_api_key",
          "missing client token: send it as Authorization: Bearer <token> or x-api-key",
        );
      }
      const now = deps.clock.now();
      const entry = lookup(hashClientToken(secret), now);
      const caller = entry.caller;
      if (!caller) throw new ProxyError("invalid_api_key", "invalid client token");
      const { token, project } = caller;
      if (token.revoked_at !== null) {
        throw new ProxyError("invalid_api_key", `client token ${token.id} has been revoked`);
      }
      if (token.expires_at !== null && now >= token.expires_at) {
        const when = new Date(token.expires_at).toISOString();
        throw new ProxyError("invalid_api_key", `client token ${token.id} expired at ${when}`);
      }
      if (token.max_requests !== null) {
        const used =
          token.request_count + entry.flushedSinceFetch + (pending.get(token.id)?.requests ?? 0);
        if (used >= token.max_requests) {
          throw new ProxyError(
            "invalid_api_key",
            `client token ${token.id} has used all of its ${token.max_requests} requests`,
          );
        }
      }
      if (!project.active) {
        throw new ProxyError("permission_denied", `project "${project.name}" is disabled`);
      }
      return caller;
    },
    admit(caller, model, estimatedTokens) {
      const { token } = caller;
      const now = deps.clock.now();
      if (token.models && (model === undefined || !caller.allows(model))) {
        const asked = model === undefined ? "a request without a model" : `model "${model}"`;
        throw new ProxyError(
          "permission_denied",
          `client token ${token.id} may not use ${asked} (allowed: ${token.models?.join(", ")})`,
          { param: "model" },
        );
      }
      if (token.rpm !== null) {
        const window = windowFor(rpm, token.id);
        if (window.total(now) + 1 > token.rpm) {
          throw overLimit(`${token.rpm} requests per minute`, window.msUntilRelief(now));
        }
        window.add(1, now);
      }
      if (token.tpm !== null) {
        const window = windowFor(tpm, token.id);
        if (window.total(now) + estimatedTokens > token.tpm) {
          throw overLimit(`${token.tpm} tokens per minute`, window.msUntilRelief(now));
        }
      }
      const use = pending.get(token.id);
      if (use) {
        use.requests++;
        use.lastUsedAt = now;
      } else {
        pending.set(token.id, { requests: 1, lastUsedAt: now });
      }
    },
    chargeTokens(tokenId, tokens) {
      // only tokens with a tpm limit have a window (made by admit)
      if (tokens > 0) tpm.get(tokenId)?.add(tokens, deps.clock.now());
    },
    flush,
    close() {
      clearInterval(timer);
      flush();
    },
  };
}

// --- internal ---

const anyModel: GlobMatcher = () => true;

function presentedToken(headers: Headers): string | undefined {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match?.[1]) return match[1];
  }
  return headers.get("x-api-key")?.trim() || undefined;
}

function windowFor(windows: Map<string, RateWindow>, id: string): RateWindow {
  let window = windows.get(id);
  if (!window) {
    window = createRateWindow();
    windows.set(id, window);
  }
  return window;
}

function overLimit(limit: string, reliefMs: number): ProxyError {
  const seconds = Math.max(1, Math.ceil(reliefMs / 1000));
  return new ProxyError("rate_limited", `client token is over its limit of ${limit}`, {
    headers: { "retry-after": String(seconds) },
  });
}
