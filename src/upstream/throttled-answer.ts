// Keeps the 429 a client should get when every candidate was throttled: the one with the
// smallest retry-after (the last of equals), body and headers as the upstream sent them.

import type { Candidate } from "./attempt.ts";

export type ThrottledAnswer = {
  candidate: Candidate;
  /** The upstream's own headers (retry-after among them). */
  headers: Headers;
  body: Uint8Array;
  retryAfterMs: number | undefined;
  upstreamMs: number;
};

export type ThrottleKeeper = {
  /** Offers one 429 (its body already read); keeps it when it asks for the shortest wait. */
  offer(answer: ThrottledAnswer): void;
  best(): ThrottledAnswer | undefined;
};

export function createThrottleKeeper(): ThrottleKeeper {
  let kept: ThrottledAnswer | undefined;
  return {
    offer(answer) {
      // no retry-after says nothing about when: any 429 that names a time is better
      const wait = answer.retryAfterMs ?? Number.POSITIVE_INFINITY;
      const keptWait = kept?.retryAfterMs ?? Number.POSITIVE_INFINITY;
      if (kept === undefined || wait <= keptWait) kept = answer;
    },
    best: () => kept,
  };
}
