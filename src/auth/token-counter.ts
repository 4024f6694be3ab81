// Request counts of client tokens, gathered in memory and written to the store in one batch per
// flush (retried after a failure), and what this process knows beyond the row it last read.

import { createSerialTask } from "../shared/index.ts";
import type { TokenRepository } from "../store/index.ts";

export type UsageCounter = {
  /** One more request for the token, at `now`. */
  count(tokenId: string, now: number): void;
  /** A fresh row of the token was read: what was written before is in it. */
  noteRead(tokenId: string): void;
  /** Requests the last row read does not include (written since, being written, or waiting). */
  unrecorded(tokenId: string): number;
  /** Requests not yet in the store (waiting or being written). */
  pending(tokenId: string): number;
  /** Writes what is waiting; one write at a time. */
  flush(): Promise<void>;
};

type Use = { requests: number; lastUsedAt: number };

export function createUsageCounter(
  tokens: TokenRepository,
  onError: (error: unknown) => void,
): UsageCounter {
  const waiting = new Map<string, Use>();
  const writing = new Map<string, number>();
  const writtenSinceRead = new Map<string, number>();
  const readAt = new Map<string, number>();
  let sequence = 0;

  const write = async (): Promise<void> => {
    if (waiting.size === 0) return;
    const batch = [...waiting].map(([id, use]) => ({
      id,
      requests: use.requests,
      last_used_at: use.lastUsedAt,
    }));
    waiting.clear();
    for (const use of batch) writing.set(use.id, use.requests);
    const startedAt = ++sequence;
    try {
      await tokens.recordUse(batch);
    } catch (error: unknown) {
      // back to waiting, retried on the next flush
      for (const use of batch) add(waiting, use.id, use.requests, use.last_used_at);
      onError(error);
      return;
    } finally {
      writing.clear();
    }
    for (const use of batch) {
      // a row read after the write began may hold it already: counting it twice could refuse
      // a request wrongly, so only rows read before it are credited
      if ((readAt.get(use.id) ?? 0) < startedAt) {
        writtenSinceRead.set(use.id, (writtenSinceRead.get(use.id) ?? 0) + use.requests);
      }
    }
  };

  return {
    count(tokenId, now) {
      add(waiting, tokenId, 1, now);
    },
    noteRead(tokenId) {
      readAt.set(tokenId, ++sequence);
      writtenSinceRead.delete(tokenId);
    },
    unrecorded: (tokenId) =>
      (writtenSinceRead.get(tokenId) ?? 0) +
      (waiting.get(tokenId)?.requests ?? 0) +
      (writing.get(tokenId) ?? 0),
    pending: (tokenId) => (waiting.get(tokenId)?.requests ?? 0) + (writing.get(tokenId) ?? 0),
    flush: createSerialTask(write),
  };
}

// --- internal ---

function add(uses: Map<string, Use>, id: string, requests: number, at: number): void {
  const use = uses.get(id);
  if (use) {
    use.requests += requests;
    use.lastUsedAt = Math.max(use.lastUsedAt, at);
  } else {
    uses.set(id, { requests, lastUsedAt: at });
  }
}
