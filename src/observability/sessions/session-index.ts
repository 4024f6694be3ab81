// Live sessions in least-recently-used order, and which session owns each history hash. Bounded:
// at most maxSessions sessions of at most maxKeysPerSession keys, and at most maxBytes in all
// (estimated per entry); removing a session drops its keys.

import { type Clock, createLruMap } from "../../shared/index.ts";
import type { HistoryKey } from "./conversation-hashes.ts";
import { newSessionId } from "./session-id.ts";

export type Session = { readonly id: string; lastUsedMs: number; readonly keys: Set<HistoryKey> };

export type SessionIndexOptions = {
  maxSessions: number;
  /** Past this estimate of the memory held, least recently used sessions are forgotten. */
  maxBytes: number;
  ttlMs: number;
  clock: Clock;
};

export type SessionIndex = {
  /** Drops the sessions idle longer than the TTL, so that no lookup finds one. */
  expire(): void;
  ownerOf(key: HistoryKey): Session | undefined;
  /** A new session, evicting the least recently used one when full. */
  open(): Session;
  /** Marks the session as used now. */
  touch(session: Session): void;
  /**
   * Makes the session the owner of the key (a later conversation from the same prefix wins);
   * past maxBytes, forgets the least recently used other sessions.
   */
  claim(session: Session, key: HistoryKey): void;
  size(): number;
  /** The estimated bytes held by the sessions and their keys. */
  bytes(): number;
};

/**
 * Heap bytes per entry, measured with bun:jsc heapStats (Bun 1.4, 20,000 sessions of 0 to 2,048
 * keys; the estimate stays within 20% of the heap): an owner-map entry, a key in a session's
 * set, and a session with its id, set and LRU node. The process's RSS is about 1.3 times this.
 */
const entryCostBytes = { owner: 60, sessionKey: 45, session: 500 } as const;

export function createSessionIndex(options: SessionIndexOptions): SessionIndex {
  const { clock, ttlMs, maxBytes } = options;
  const maxSessions = Math.max(1, options.maxSessions);
  const sessions = createLruMap<string, Session>();
  const owners = new Map<HistoryKey, Session>();
  let sessionKeys = 0;

  const bytes = () =>
    sessions.size * entryCostBytes.session +
    owners.size * entryCostBytes.owner +
    sessionKeys * entryCostBytes.sessionKey;
  const remove = (session: Session): void => {
    sessions.delete(session.id);
    for (const key of session.keys) {
      if (owners.get(key) === session) owners.delete(key);
    }
    sessionKeys -= session.keys.size;
  };
  const dropOldestKey = (session: Session): void => {
    for (const oldest of session.keys) {
      session.keys.delete(oldest);
      sessionKeys -= 1;
      if (owners.get(oldest) === session) owners.delete(oldest);
      return;
    }
  };
  /** Forgets the least recently used sessions other than `keep` until the estimate fits. */
  const shrinkFor = (keep: Session): void => {
    while (bytes() > maxBytes) {
      const stalest = sessions.oldestValue();
      if (!stalest || stalest === keep) return;
      remove(stalest);
    }
  };

  return {
    expire() {
      const now = clock.monotonic();
      for (let stalest = sessions.oldestValue(); stalest; stalest = sessions.oldestValue()) {
        if (now - stalest.lastUsedMs <= ttlMs) break;
        remove(stalest);
      }
    },
    ownerOf: (key) => owners.get(key),
    open() {
      while (sessions.size >= maxSessions) {
        const stalest = sessions.oldestValue();
        if (!stalest) break;
        remove(stalest);
      }
      const session: Session = {
        id: newSessionId(),
        lastUsedMs: clock.monotonic(),
        keys: new Set(),
      };
      sessions.set(session.id, session);
      return session;
    },
    touch(session) {
      session.lastUsedMs = clock.monotonic();
      sessions.touch(session.id);
    },
    claim(session, key) {
      if (owners.get(key) === session) return;
      owners.set(key, session);
      if (!session.keys.has(key)) {
        session.keys.add(key);
        sessionKeys += 1;
      }
      if (session.keys.size > maxKeysPerSession) dropOldestKey(session);
      if (bytes() > maxBytes) shrinkFor(session);
    },
    size: () => sessions.size,
    bytes,
  };
}

// --- internal ---

// A very long or much-branched conversation keeps its newest keys: the next turn matches the
// longest prefix, which is the newest.
const maxKeysPerSession = 2048;
