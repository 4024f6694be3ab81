// Live sessions in least-recently-used order, and which session owns each history hash. Bounded:
// at most maxSessions sessions of at most maxKeysPerSession keys; removing a session drops its keys.

import { type Clock, createLruMap } from "../../shared/index.ts";
import { newSessionId } from "./session-id.ts";

export type Session = { readonly id: string; lastUsedMs: number; readonly keys: Set<bigint> };

export type SessionIndexOptions = { maxSessions: number; ttlMs: number; clock: Clock };

export type SessionIndex = {
  /** Drops the sessions idle longer than the TTL, so that no lookup finds one. */
  expire(): void;
  ownerOf(key: bigint): Session | undefined;
  /** A new session, evicting the least recently used one when full. */
  open(): Session;
  /** Marks the session as used now. */
  touch(session: Session): void;
  /** Makes the session the owner of the key (a later conversation from the same prefix wins). */
  claim(session: Session, key: bigint): void;
  size(): number;
};

export function createSessionIndex(options: SessionIndexOptions): SessionIndex {
  const { clock, ttlMs } = options;
  const maxSessions = Math.max(1, options.maxSessions);
  const sessions = createLruMap<string, Session>();
  const owners = new Map<bigint, Session>();

  const remove = (session: Session): void => {
    sessions.delete(session.id);
    for (const key of session.keys) {
      if (owners.get(key) === session) owners.delete(key);
    }
  };

  return {
    expire() {
      const now = clock.monotonic();
      for (let stalest = sessions.oldest(); stalest; stalest = sessions.oldest()) {
        if (now - stalest[1].lastUsedMs <= ttlMs) break;
        remove(stalest[1]);
      }
    },
    ownerOf: (key) => owners.get(key),
    open() {
      while (sessions.size >= maxSessions) {
        const stalest = sessions.oldest();
        if (!stalest) break;
        remove(stalest[1]);
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
      session.keys.add(key);
      if (session.keys.size > maxKeysPerSession) dropOldestKey(session, owners);
    },
    size: () => sessions.size,
  };
}

// --- internal ---

// A very long or much-branched conversation keeps its newest keys: the next turn matches the
// longest prefix, which is the newest, and hashing already makes each key cost only a bigint.
const maxKeysPerSession = 2048;

function dropOldestKey(session: Session, owners: Map<bigint, Session>): void {
  for (const oldest of session.keys) {
    session.keys.delete(oldest);
    if (owners.get(oldest) === session) owners.delete(oldest);
    return;
  }
}
