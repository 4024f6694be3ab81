// The token and project rows the authenticator checks requests against, cached so the hot path
// makes no store query per request: each row serves for a short TTL (so a revoke lands within
// it, or at once when it is announced and forgotten), one read per token at a time. A token
// already known whose row the store does not give back within a deadline (a frozen Postgres)
// is served from the row it had, as when the store fails. Unknown tokens are remembered too,
// up to a bound past which the least recently used row goes.

import {
  type Clock,
  compileGlobs,
  createLruMap,
  type GlobMatcher,
  withDeadline,
} from "../shared/index.ts";
import type { Project, ProjectRepository, TokenRecord, TokenRepository } from "../store/index.ts";

/** Who is calling: the token (never its secret) and its project. */
export type Caller = {
  token: TokenRecord;
  project: Project;
  /** Whether the token's `models` globs allow a model (true for any model when unset). */
  allows: GlobMatcher;
};

/** What cached rows to drop: one token's, one project's tokens', or all of them. */
export type Forget = { token: string } | { project: string } | "all";

export type TokenRows = {
  /** The caller a token's hash belongs to; undefined for an unknown token. */
  lookup(hash: string, now: number): Promise<Caller | undefined>;
  /** Drops cached rows, so the next request reads the store. */
  forget(what: Forget): void;
};

export type TokenRowsOptions = {
  tokens: TokenRepository;
  projects: ProjectRepository;
  clock: Clock;
  ttlMs: number;
  /** How long a known token's request waits for its row to be read again. */
  readDeadlineMs: number;
  /** A token's row was read from the store. */
  onRead: (tokenId: string) => void;
};

// a flood of bad tokens stays off the store, within bounds
const maxCachedEntries = 10_000;

export function createTokenRows(options: TokenRowsOptions): TokenRows {
  const { ttlMs, readDeadlineMs } = options;
  const cache = createLruMap<string, Entry>();
  const loads = new Map<string, Load>();
  let epoch = 0;

  const load = async (hash: string): Promise<Entry> => {
    const started = epoch;
    const token = await options.tokens.findByHash(hash);
    const project = token ? await options.projects.find(token.project_id) : undefined;
    const allows = token?.models ? compileGlobs(token.models) : anyModel;
    const caller = token && project ? { token, project, allows } : undefined;
    const entry: Entry = { fetchedAt: options.clock.now(), caller };
    if (caller) options.onRead(caller.token.id);
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
  const entryOf = async (hash: string, now: number): Promise<Entry> => {
    const cached = cache.get(hash);
    if (cached) cache.touch(hash);
    if (cached && now - cached.fetchedAt < ttlMs) return cached;
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

  return {
    lookup: async (hash, now) => (await entryOf(hash, now)).caller,
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
  };
}

// --- internal ---

type Entry = {
  /** Clock time of the read, for the TTL. */
  fetchedAt: number;
  caller: Caller | undefined;
};

/** A read of one token's rows; late once it has taken longer than the read deadline. */
type Load = { entry: Promise<Entry>; late: boolean };

const anyModel: GlobMatcher = () => true;
