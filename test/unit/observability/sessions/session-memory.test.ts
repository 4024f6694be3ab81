// The detector's memory is bounded in bytes, not only in sessions: long conversations from one
// client must not grow it past sessions.max_bytes.

import { heapStats } from "bun:jsc";
import { expect, test } from "bun:test";
import { createSessionDetector } from "../../../../src/observability/sessions/index.ts";
import { manualClock } from "../../../support/manual-clock.ts";

/** A conversation of `length` messages, alternating user and assistant, unique to `id`. */
function conversation(id: number, length: number) {
  const messages = Array.from({ length }, (_, i) => ({
    role: i % 2 === 0 ? "user" : "assistant",
    content: `conversation ${id}, message ${i}`,
  }));
  return { model: "gpt-x", messages };
}

function liveHeapBytes(): number {
  Bun.gc(true);
  return heapStats().heapSize;
}

test("long conversations are evicted least recently used once the byte bound is reached", () => {
  const maxBytes = 2 * 1024 * 1024;
  const clock = manualClock(0);
  const sessions = createSessionDetector({
    maxSessions: 10_000,
    maxBytes,
    ttlMs: 3_600_000,
    clock,
  });
  const ids: (string | undefined)[] = [];
  for (let i = 0; i < 60; i++) {
    clock.advance(1);
    ids.push(sessions.identify(conversation(i, 1000), ""));
    expect(sessions.memoryBytes()).toBeLessThanOrEqual(maxBytes);
  }
  expect(sessions.activeSessions()).toBeLessThan(60);
  expect(sessions.activeSessions()).toBeGreaterThan(1);
  // the newest conversation continues, the oldest was forgotten
  expect(sessions.identify(conversation(59, 1002), "")).toBe(ids[59]);
  expect(sessions.identify(conversation(0, 1002), "")).not.toBe(ids[0]);
});

test("the accounting matches the heap the detector really holds", () => {
  const maxBytes = 8 * 1024 * 1024;
  const clock = manualClock(0);
  const before = liveHeapBytes();
  const sessions = createSessionDetector({
    maxSessions: 10_000,
    maxBytes,
    ttlMs: 3_600_000,
    clock,
  });
  for (let i = 0; i < 600; i++) sessions.identify(conversation(i, 1000), "");
  const held = liveHeapBytes() - before;
  // unbounded, 600 conversations of 1,000 messages held about 170 MB of heap. (RSS is not
  // checked: it also counts the test's own garbage, and varies with what ran before.)
  expect(held).toBeLessThan(2 * maxBytes);
  expect(held).toBeGreaterThan(maxBytes / 4);
  expect(sessions.memoryBytes()).toBeLessThanOrEqual(maxBytes);
  expect(sessions.activeSessions()).toBeGreaterThan(0);
});
