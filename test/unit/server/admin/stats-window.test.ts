// The /admin/stats window: buckets aligned to the step, ending with the current one.

import { expect, test } from "bun:test";
import { statsWindow } from "../../../../src/server/admin/stats.ts";

const minute = 60_000;
const now = Date.UTC(2026, 0, 1, 12, 7, 31);

test("an hour in 1-minute steps is 60 buckets, the last holding now", () => {
  const window = statsWindow(60 * minute, minute, now);
  expect(window.buckets).toBe(60);
  expect(new Date(window.from).toISOString()).toBe("2026-01-01T11:08:00.000Z");
  expect(window.from + 60 * minute).toBeGreaterThan(now);
});

test("a day in 5-minute steps starts on a 5-minute boundary", () => {
  const window = statsWindow(24 * 60 * minute, 5 * minute, now);
  expect(window.buckets).toBe(288);
  expect(new Date(window.from).toISOString()).toBe("2025-12-31T12:10:00.000Z");
});

test.each([
  [60 * minute, 90_000, "step: expected whole minutes"],
  [30 * 24 * 60 * minute, minute, "43200 buckets is more than 2880"],
])("since %d ms in steps of %d ms is refused: %s", (since, step, message) => {
  expect(() => statsWindow(since, step, now)).toThrow(message);
});
