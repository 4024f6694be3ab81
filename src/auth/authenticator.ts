// Checks client tokens on the hot path without a store query per request: token and project
// rows are cached for a short TTL (so a revoke lands within it, or at once when it is announced),
// one lookup per token at a time; a row the store does not give back within a deadline (a
// frozen Postgres) is served as it was meanwhile. Usage counters are kept in memory and written
// in one batch per flush interval. Rate limits are the given TokenLimits (this process's, or
// shared ones).

import type { Clock } from "../shared/index.ts";
import {
  compileGlobs,
  createLruMap,
  type GlobMatcher,
  ProxyError,
  withDeadline,
} from "../shared/index.ts";
import type { Project, ProjectRepository, TokenRecord, TokenRepository } from "../store/index.ts";
import { createUsageCounter } from "./token-counter.ts";
import { createLocalLimits, type TokenLimits, type TokenUsage, usedUp } from "./token-limits.ts";
import { hashClientToken } from "./token-secret.ts";

/** Who is calling: the token (never its secret) and its project. */
export type Caller = {
  token: TokenRecord;
  project: Project;
  /** Whether the token's `models` globs allow a model (true for any model when unset). */
  allows: GlobMatcher;
};

/** What cached rows to drop: one token's, one project's tokens', or all of them. */
type Forget = { token: string } | { project: string } | "all";

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
// Unknown tokens are remembered too (a flood of bad tokens stays off the store), within bounds:
// past them the least recently used row is dropped.
const maxCachedEntries = 10_000;

type Entry = {
  /** Clock time of the read, for the TTL. */
  fetchedAt: number;
  caller: Caller | undefined;
};

/** A read of one token's rows; late once it has taken longer than the read deadline. */
type Load = { entry: Promise<Entry>; late: boolean };

export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  const ttl = deps.cacheTtlMs ?? defaultCacheTtlMs;
  const readDeadlineMs = deps.readDeadlineMs ?? defaultReadDeadlineMs;
  const limits = deps.limits ?? createLocalLimits(deps.clock);
  const cache = createLruMap<string, Entry>();
  const loads = new Map<string, Load>();
  const counter = createUsageCounter(deps.tokens, deps.onFlushError);
  let epoch = 0;

  const load = async (hash: string): Promise<Entry> => {
    const started = epoch;
    const token = await deps.tokens.findByHash(hash);
    const project = token ? await deps.projects.find(token.project_id) : undefined;
    const allows = token?.models ? compileGlobs(token.models) : anyModel;
    const caller = token && project ? { token, project, allows } : undefined;
    const entry: Entry = { fetchedAt: deps.clock.now(), caller };
    if (caller) counter.noteRead(caller.token.id);
    // a row read before a revocation was announced is used once, never cached
    if (started === epoch) {
      cache.set(hash, entry);
      const oldest = cache.size > maxCachedEntries ? cache.oldest() : undefined;
      if (oldest) cache.delete(oldest[0]);
    }
    return entry;
  };
  const loadOnce = (hash: string): Load => {
    const known = loads.get(hash);
    if (known) return known;
    const started: Load = { entry: load(hash), late: false };
    const timer = setTimeout(() => {
      started.late = true;
    }, readDeadlineMs);
    timer.unref();
    void started.entry
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(timer);
        if (loads.get(hash) === started) loads.delete(hash);
      });
    loads.set(hash, started);
    return started;
  };
  const lookup = async (hash: string, now: number): Promise<Entry> => {
    const cached = cache.get(hash);
    if (cached) cache.touch(hash);
    if (cached && now - cached.fetchedAt < ttl) return cached;
    const loading = loadOnce(hash);
    if (!cached) return loading.entry;
    // the store is failing or frozen: tokens already known keep working on the rows read before
    if (loading.late) return cached;
    try {
      return await withDeadline(loading.entry, readDeadlineMs, "the token's row");
    } catch {
      return cached;
    }
  };
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
      const caller = (await lookup(hashClientToken(secret), now)).caller;
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
    forget(what) {
      epoch++;
      loads.clear();
      if (what === "all") {
        cache.clear();
        return;
      }
      for (const [hash, entry] of cache.entries()) {
        const caller = entry.caller;
        if (!caller) continue;
        const hit =
          "token" in what ? caller.token.id === what.token : caller.project.id === what.project;
        if (hit) cache.delete(hash);
      }
    },
    flush: () => counter.flush(),
    async close() {
      clearInterval(timer);
      await counter.flush();
    },
  };
}

// --- internal ---

const anyModel: GlobMatcher = () => true;

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

function presentedToken(headers: Headers): string | undefined {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match?.[1]) return match[1];
  }
  return headers.get("x-api-key")?.trim() || undefined;
}
