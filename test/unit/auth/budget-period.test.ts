// Budget periods in UTC: fixed windows from midnight of the day the budget was set, calendar
// months, and `total`, which never resets.

import { expect, test } from "bun:test";
import { budgetWindow, secondsUntilReset } from "../../../src/auth/index.ts";
import type { BudgetPeriod } from "../../../src/store/index.ts";

const setAt = Date.parse("2026-12-01T15:30:00Z");
const at = (iso: string) => Date.parse(iso);
const windowOf = (period: BudgetPeriod, now: string) =>
  budgetWindow({ usd: 10, period, set_at: setAt }, at(now));

test.each<[BudgetPeriod, string, string, string]>([
  // the first window counts from the moment the budget was set
  ["1d", "2026-12-01T20:00:00Z", "2026-12-01T15:30:00Z", "2026-12-02T00:00:00Z"],
  ["1d", "2026-12-02T00:00:00Z", "2026-12-02T00:00:00Z", "2026-12-03T00:00:00Z"],
  ["1d", "2026-12-09T23:59:59Z", "2026-12-09T00:00:00Z", "2026-12-10T00:00:00Z"],
  ["7d", "2026-12-07T23:00:00Z", "2026-12-01T15:30:00Z", "2026-12-08T00:00:00Z"],
  ["7d", "2026-12-08T00:00:00Z", "2026-12-08T00:00:00Z", "2026-12-15T00:00:00Z"],
  ["30d", "2027-01-05T00:00:00Z", "2026-12-31T00:00:00Z", "2027-01-30T00:00:00Z"],
  ["month", "2026-12-20T00:00:00Z", "2026-12-01T15:30:00Z", "2027-01-01T00:00:00Z"],
  ["month", "2027-02-28T23:59:59Z", "2027-02-01T00:00:00Z", "2027-03-01T00:00:00Z"],
])("%s at %s runs from %s to %s", (period, now, start, resets) => {
  expect(windowOf(period, now)).toEqual({ start: at(start), resetsAt: at(resets) });
});

test("total starts when the budget was set and never resets", () => {
  expect(windowOf("total", "2030-01-01T00:00:00Z")).toEqual({ start: setAt, resetsAt: null });
  expect(secondsUntilReset(windowOf("total", "2030-01-01T00:00:00Z"), 0)).toBeNull();
});

test("retry-after counts whole seconds to the reset, at least one", () => {
  const window = windowOf("1d", "2026-12-01T23:58:59.500Z");
  expect(secondsUntilReset(window, at("2026-12-01T23:58:59.500Z"))).toBe(61);
  expect(secondsUntilReset(window, at("2026-12-01T23:59:59.999Z"))).toBe(1);
});
