// Live sessions in least-recently-used order, and which session owns each history hash. Bounded:
// at most maxSessions sessions of at most maxKeysPerSession keys, and at most maxBytes in all
// (estimated per entry); removing a session drops its keys.
//
// Sessions live in numbered slots of typed arrays, not as objects: every request opens or touches
// one, and a session outlives many young collections, so objects (a record, its key Set, an LRU
// node) were promoted and collected in the old generation. Here a session costs its id string
// and one entry per key in the owner map.

import type { Clock } from "../../shared/index.ts";
import type { HistoryKey } from "./conversation-hashes.ts";
import { newSessionId } from "./session-id.ts";

/** A session's slot: valid until the session is removed (within one request, it stays). */
export type Session = number;

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
  idOf(session: Session): string;
  /** A new session, evicting the least recently used one when full. */
  open(): Session;
  /** Marks the session as used now. */
  touch(session: Session): void;
  /**
   * Makes the session the owner of the key (a later conversation from the same prefix wins);
   * past maxBytes, forgets the least recently used other sessions.
   */
  claim(session: Session, key: HistoryKey): void;
  /** How many keys the session holds. */
  keyCount(session: Session): number;
  size(): number;
  /** The estimated bytes held by the sessions and their keys. */
  bytes(): number;
};

/**
 * Heap bytes per entry, measured with bun:jsc heapStats (Bun 1.4, sessions of 0 to 1,000 keys):
 * an owner-map entry; a key in a session's list (12 bytes, doubled for the pool's growth); a
 * session's id string and slot.
 */
const entryCostBytes = { owner: 60, sessionKey: 24, session: 120 } as const;

export function createSessionIndex(options: SessionIndexOptions): SessionIndex {
  const { clock, ttlMs, maxBytes } = options;
  const maxSessions = Math.max(1, options.maxSessions);
  const slots = new SessionSlots(Math.min(maxSessions, 1024));
  const keys = new KeyPool(1024);
  const owners = new Map<HistoryKey, Session>();
  let liveKeys = 0;

  const bytes = () =>
    slots.size * entryCostBytes.session +
    owners.size * entryCostBytes.owner +
    liveKeys * entryCostBytes.sessionKey;
  const remove = (session: Session): void => {
    for (let entry = slots.firstKey[session] as number; entry !== none; ) {
      const key = keys.value[entry] as number;
      if (owners.get(key) === session) owners.delete(key);
      const next = keys.next[entry] as number;
      keys.free(entry);
      entry = next;
    }
    liveKeys -= slots.keyCount[session] as number;
    slots.free(session);
  };
  const dropOldestKey = (session: Session): void => {
    const entry = slots.firstKey[session] as number;
    if (entry === none) return;
    const key = keys.value[entry] as number;
    slots.firstKey[session] = keys.next[entry] as number;
    if (slots.firstKey[session] === none) slots.lastKey[session] = none;
    (slots.keyCount[session] as number)--;
    liveKeys -= 1;
    keys.free(entry);
    if (owners.get(key) === session) owners.delete(key);
  };
  /** Forgets the least recently used sessions other than `keep` until the estimate fits. */
  const shrinkFor = (keep: Session): void => {
    while (bytes() > maxBytes) {
      const stalest = slots.oldest;
      if (stalest === none || stalest === keep) return;
      remove(stalest);
    }
  };

  return {
    expire() {
      const now = clock.monotonic();
      for (let stalest = slots.oldest; stalest !== none; stalest = slots.oldest) {
        if (now - (slots.lastUsedMs[stalest] as number) <= ttlMs) break;
        remove(stalest);
      }
    },
    ownerOf: (key) => owners.get(key),
    idOf: (session) => slots.ids[session] as string,
    open() {
      while (slots.size >= maxSessions && slots.oldest !== none) remove(slots.oldest);
      return slots.open(newSessionId(), clock.monotonic(), maxSessions);
    },
    touch(session) {
      slots.lastUsedMs[session] = clock.monotonic();
      slots.makeNewest(session);
    },
    claim(session, key) {
      // a key the session claimed before and another took over meanwhile is listed twice: harmless,
      // since removal only drops the keys the session still owns
      if (owners.get(key) === session) return;
      owners.set(key, session);
      const entry = keys.take(key);
      if (slots.lastKey[session] === none) slots.firstKey[session] = entry;
      else keys.next[slots.lastKey[session] as number] = entry;
      slots.lastKey[session] = entry;
      (slots.keyCount[session] as number)++;
      liveKeys += 1;
      if ((slots.keyCount[session] as number) > maxKeysPerSession) dropOldestKey(session);
      if (bytes() > maxBytes) shrinkFor(session);
    },
    keyCount: (session) => slots.keyCount[session] as number,
    size: () => slots.size,
    bytes,
  };
}

// --- internal ---

// A very long or much-branched conversation keeps its newest keys: the next turn matches the
// longest prefix, which is the newest.
const maxKeysPerSession = 2048;
/** "No slot" or "no entry" in the linked lists below. */
const none = -1;

/** Session slots in a doubly linked list from the least to the most recently used. */
class SessionSlots {
  ids: (string | undefined)[] = [];
  lastUsedMs: Float64Array;
  older: Int32Array;
  newer: Int32Array;
  /** Each session's keys, oldest first, as a list of KeyPool entries. */
  firstKey: Int32Array;
  lastKey: Int32Array;
  keyCount: Int32Array;
  oldest: number = none;
  newest: number = none;
  size = 0;
  private freeSlots: number[] = [];
  private capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.lastUsedMs = new Float64Array(capacity);
    this.older = new Int32Array(capacity);
    this.newer = new Int32Array(capacity);
    this.firstKey = new Int32Array(capacity);
    this.lastKey = new Int32Array(capacity);
    this.keyCount = new Int32Array(capacity);
  }

  open(id: string, nowMs: number, maxSessions: number): number {
    const slot = this.freeSlots.pop() ?? this.nextUnused(maxSessions);
    this.ids[slot] = id;
    this.lastUsedMs[slot] = nowMs;
    this.firstKey[slot] = none;
    this.lastKey[slot] = none;
    this.keyCount[slot] = 0;
    this.append(slot);
    this.size += 1;
    return slot;
  }

  free(slot: number): void {
    this.unlink(slot);
    this.ids[slot] = undefined;
    this.freeSlots.push(slot);
    this.size -= 1;
  }

  makeNewest(slot: number): void {
    if (slot === this.newest) return;
    this.unlink(slot);
    this.append(slot);
  }

  private nextUnused(maxSessions: number): number {
    // slots are handed out in order, and freed ones are reused first: `size` is the next unused one
    const slot = this.size;
    if (slot >= this.capacity) this.grow(Math.min(maxSessions, this.capacity * 2));
    return slot;
  }

  private append(slot: number): void {
    this.older[slot] = this.newest;
    this.newer[slot] = none;
    if (this.newest === none) this.oldest = slot;
    else this.newer[this.newest] = slot;
    this.newest = slot;
  }

  private unlink(slot: number): void {
    const older = this.older[slot] as number;
    const newer = this.newer[slot] as number;
    if (older === none) this.oldest = newer;
    else this.newer[older] = newer;
    if (newer === none) this.newest = older;
    else this.older[newer] = older;
  }

  private grow(capacity: number): void {
    this.capacity = capacity;
    this.lastUsedMs = grown(this.lastUsedMs, capacity);
    this.older = grown(this.older, capacity);
    this.newer = grown(this.newer, capacity);
    this.firstKey = grown(this.firstKey, capacity);
    this.lastKey = grown(this.lastKey, capacity);
    this.keyCount = grown(this.keyCount, capacity);
  }
}

/** Key entries of singly linked lists, with a free list threaded through `next`. */
class KeyPool {
  value: Float64Array;
  next: Int32Array;
  private freeHead: number = none;
  private used = 0;

  constructor(capacity: number) {
    this.value = new Float64Array(capacity);
    this.next = new Int32Array(capacity);
  }

  /** An entry holding the key, at the end of no list yet. */
  take(key: HistoryKey): number {
    let entry = this.freeHead;
    if (entry === none) {
      if (this.used === this.value.length) {
        this.value = grown(this.value, this.used * 2);
        this.next = grown(this.next, this.used * 2);
      }
      entry = this.used++;
    } else this.freeHead = this.next[entry] as number;
    this.value[entry] = key;
    this.next[entry] = none;
    return entry;
  }

  free(entry: number): void {
    this.next[entry] = this.freeHead;
    this.freeHead = entry;
  }
}

function grown<T extends Float64Array | Int32Array>(array: T, capacity: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}
