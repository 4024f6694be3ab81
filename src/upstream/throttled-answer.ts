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

/** The 429 to keep of `kept` and `offered`: the one that asks for the shortest wait. */
export function shorterWait(
  kept: ThrottledAnswer | undefined,
  offered: ThrottledAnswer,
): ThrottledAnswer {
  // no retry-after says nothing about when: any 429 that names a time is better
  const wait = offered.retryAfterMs ?? Number.POSITIVE_INFINITY;
  const keptWait = kept?.retryAfterMs ?? Number.POSITIVE_INFINITY;
  return kept === undefined || wait <= keptWait ? offered : kept;
}
