import { expect, test } from "bun:test";
import { cpuSeconds, ownAndReapedTicks } from "../../../scripts/bench/proc.ts";

test("this process's ticks with its reaped children are at least its own", async () => {
  await Bun.spawn(["true"]).exited;
  const ticksPerSecond = 100;
  const own = (cpuSeconds([process.pid], ticksPerSecond) ?? Number.NaN) * ticksPerSecond;
  expect(ownAndReapedTicks()).toBeGreaterThanOrEqual(Math.floor(own));
});
