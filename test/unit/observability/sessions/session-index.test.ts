import { expect, test } from "bun:test";
import { createSessionDetector } from "../../../../src/observability/sessions/index.ts";
import { createSessionIndex } from "../../../../src/observability/sessions/session-index.ts";
import { manualClock } from "../../../support/manual-clock.ts";

const maxBytes = 64 * 1024 * 1024;

test("removing a session drops the keys it owns, not those another session took over", () => {
  const clock = manualClock(0);
  const index = createSessionIndex({ maxSessions: 2, maxBytes, ttlMs: 1000, clock });
  const first = index.open();
  index.claim(first, 1);
  index.claim(first, 2);
  clock.advance(1);
  const second = index.open();
  index.claim(second, 2);
  clock.advance(1);
  index.open(); // evicts `first`, the least recently used
  expect(index.ownerOf(1)).toBeUndefined();
  expect(index.ownerOf(2)).toBe(second);
  expect(index.size()).toBe(2);
});

test("expire drops only the sessions idle past the TTL", () => {
  const clock = manualClock(0);
  const index = createSessionIndex({ maxSessions: 10, maxBytes, ttlMs: 1000, clock });
  const old = index.open();
  index.claim(old, 1);
  clock.advance(600);
  const recent = index.open();
  clock.advance(500);
  index.expire();
  expect(index.ownerOf(1)).toBeUndefined();
  expect(index.size()).toBe(1);
  index.touch(recent);
  clock.advance(1000);
  index.expire();
  expect(index.size()).toBe(1);
});

test("a session keeps a bounded number of keys, the newest ones", () => {
  const index = createSessionIndex({
    maxSessions: 1,
    maxBytes,
    ttlMs: 1000,
    clock: manualClock(0),
  });
  const session = index.open();
  for (let key = 0; key < 5000; key++) index.claim(session, key);
  expect(index.keyCount(session)).toBeLessThan(5000);
  expect(index.keyCount(session)).toBeGreaterThan(1000);
  expect(index.ownerOf(0)).toBeUndefined();
  expect(index.ownerOf(4999)).toBe(session);
});

test("a conversation longer than the key bound still continues", () => {
  const sessions = createSessionDetector({
    maxSessions: 10,
    maxBytes,
    ttlMs: 1000,
    clock: manualClock(0),
  });
  const messages = [{ role: "user", content: "turn 0" }];
  const id = sessions.identify({ messages }, "");
  for (let turn = 1; turn < 1500; turn++) {
    messages.push({ role: "assistant", content: `reply ${turn}` });
    messages.push({ role: "user", content: `turn ${turn}` });
    if (turn % 100 === 0) expect(sessions.identify({ messages }, "")).toBe(id);
  }
  expect(sessions.identify({ messages }, "")).toBe(id);
});

test("a slot freed by eviction starts empty for the next session, under a new id", () => {
  const clock = manualClock(0);
  const index = createSessionIndex({ maxSessions: 1, maxBytes, ttlMs: 1000, clock });
  const first = index.open();
  const firstId = index.idOf(first);
  index.claim(first, 7);
  const second = index.open();
  expect(index.idOf(second)).not.toBe(firstId);
  expect(index.keyCount(second)).toBe(0);
  expect(index.ownerOf(7)).toBeUndefined();
  index.claim(second, 8);
  expect(index.ownerOf(8)).toBe(second);
  expect(index.size()).toBe(1);
});

test("sessions past the first block of slots keep their keys and their use order", () => {
  const clock = manualClock(0);
  const count = 3000;
  const index = createSessionIndex({ maxSessions: count, maxBytes, ttlMs: 1e9, clock });
  const sessions = Array.from({ length: count }, (_, key) => {
    clock.advance(1);
    const session = index.open();
    index.claim(session, key);
    return session;
  });
  expect(new Set(sessions.map((session) => index.idOf(session))).size).toBe(count);
  expect(sessions.every((session, key) => index.ownerOf(key) === session)).toBe(true);
  // touching the oldest makes the second oldest the next to go
  index.touch(sessions[0] as number);
  index.open();
  expect(index.ownerOf(0)).toBe(sessions[0]);
  expect(index.ownerOf(1)).toBeUndefined();
  expect(index.size()).toBe(count);
});
