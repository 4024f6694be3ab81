// withDeadline: the work's result in time, a DeadlineError naming the work after it, and work
// given as a function learns that it is too late before its next step.

import { expect, test } from "bun:test";
import { DeadlineError, withDeadline } from "../../../src/shared/index.ts";

test("answers with the work's result, or its own error, when it settles in time", async () => {
  expect(await withDeadline(Promise.resolve(7), 50, "seven")).toBe(7);
  const failure = new Error("refused");
  await expect(withDeadline(Promise.reject(failure), 50, "a refusal")).rejects.toBe(failure);
});

test("rejects with a DeadlineError naming the work once the time is up", async () => {
  const never = new Promise<never>(() => {});
  const late = withDeadline(never, 10, "PING");
  await expect(late).rejects.toBeInstanceOf(DeadlineError);
  await expect(late).rejects.toThrow("no answer to PING within 10 ms");
});

test("work given as a function is told it is too late before its next step", async () => {
  const steps: string[] = [];
  const work = async (expired: () => boolean) => {
    await Bun.sleep(20);
    steps.push(expired() ? "stopped" : "went on");
  };
  await expect(withDeadline(work, 5, "two steps")).rejects.toBeInstanceOf(DeadlineError);
  await Bun.sleep(25);
  expect(steps).toEqual(["stopped"]);
});
