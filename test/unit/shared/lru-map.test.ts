import { expect, test } from "bun:test";
import { createLruMap } from "../../../src/shared/index.ts";

test("keeps use order: set and touch make an entry the newest, oldest() gives the stalest", () => {
  const lru = createLruMap<string, number>();
  lru.set("a", 1);
  lru.set("b", 2);
  lru.set("c", 3);
  expect(lru.oldest()).toEqual(["a", 1]);
  expect(lru.touch("a")).toBe(true);
  expect(lru.oldest()).toEqual(["b", 2]);
  lru.set("b", 20);
  expect(lru.oldest()).toEqual(["c", 3]);
  expect(lru.get("b")).toBe(20);
  expect(lru.delete("c")).toBe(true);
  expect(lru.delete("c")).toBe(false);
  expect(lru.touch("c")).toBe(false);
  expect(lru.oldest()).toEqual(["a", 1]);
  expect(lru.oldestValue()).toBe(1);
  expect(lru.size).toBe(2);
  lru.clear();
  expect([lru.size, lru.oldest(), lru.oldestValue()]).toEqual([0, undefined, undefined]);
});

test("evicting oldest-first through many entries keeps the order exact", () => {
  const lru = createLruMap<number, number>();
  const evicted: number[] = [];
  for (let i = 0; i < 5_000; i++) {
    lru.set(i, i);
    if (i % 3 === 0) lru.touch(i - 1);
    while (lru.size > 100) {
      const oldest = lru.oldest();
      if (!oldest) break;
      evicted.push(oldest[0]);
      lru.delete(oldest[0]);
    }
  }
  expect(lru.size).toBe(100);
  expect(new Set(evicted).size).toBe(evicted.length);
  expect(evicted.length).toBe(4_900);
});

test("entries() lists every entry, least recently used first", () => {
  const lru = createLruMap<string, number>();
  for (const [key, value] of [
    ["a", 1],
    ["b", 2],
    ["c", 3],
  ] as const)
    lru.set(key, value);
  lru.touch("a");
  expect(lru.entries()).toEqual([
    ["b", 2],
    ["c", 3],
    ["a", 1],
  ]);
  for (const [key] of lru.entries()) lru.delete(key);
  expect(lru.entries()).toEqual([]);
});
