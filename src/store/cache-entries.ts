// Cached responses in the store, for the sqlite cache backend: one row per key, expired rows
// ignored on read and deleted in bulk.

import type { Database } from "bun:sqlite";

export type StoredCacheEntry = {
  status: number;
  contentType: string;
  /** An SSE stream's raw bytes, replayed event by event. */
  streamed: boolean;
  body: Uint8Array;
  /** Epoch ms when the response was stored (for the `age` header). */
  storedAt: number;
  /** Epoch ms after which the entry must not be served. */
  expiresAt: number;
};

export type CacheEntryRepository = {
  /** The entry, unless absent or expired at `now`. */
  get(key: string, now: number): StoredCacheEntry | undefined;
  put(key: string, entry: StoredCacheEntry): void;
  deleteExpired(now: number): number;
  clear(): number;
};

export const cacheEntriesMigration = `
  create table cache_entries (
    key text primary key,
    status integer not null,
    content_type text not null,
    streamed integer not null,
    body blob not null,
    stored_at integer not null,
    expires_at integer not null
  );
  create index cache_entries_expires_at on cache_entries(expires_at);
`;

type Row = {
  status: number;
  content_type: string;
  streamed: number;
  body: Uint8Array;
  stored_at: number;
  expires_at: number;
};

export function createCacheEntryRepository(db: Database): CacheEntryRepository {
  const select = db.query<Row, [string, number]>(
    `select status, content_type, streamed, body, stored_at, expires_at
     from cache_entries where key = ? and expires_at > ?`,
  );
  const upsert = db.query<null, [string, number, string, number, Uint8Array, number, number]>(
    `insert or replace into cache_entries
       (key, status, content_type, streamed, body, stored_at, expires_at)
     values (?, ?, ?, ?, ?, ?, ?)`,
  );
  const expire = db.query<null, [number]>("delete from cache_entries where expires_at <= ?");
  const removeAll = db.query<null, []>("delete from cache_entries");
  return {
    get(key, now) {
      const row = select.get(key, now);
      if (!row) return undefined;
      return {
        status: row.status,
        contentType: row.content_type,
        streamed: row.streamed === 1,
        body: row.body,
        storedAt: row.stored_at,
        expiresAt: row.expires_at,
      };
    },
    put(key, entry) {
      upsert.run(
        key,
        entry.status,
        entry.contentType,
        entry.streamed ? 1 : 0,
        entry.body,
        entry.storedAt,
        entry.expiresAt,
      );
    },
    deleteExpired: (now) => expire.run(now).changes,
    clear: () => removeAll.run().changes,
  };
}
