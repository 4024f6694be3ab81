import { expect, test } from "bun:test";
import { createShutdownSwitch } from "../../../src/upstream/index.ts";

test("tripping aborts every exchange still watching, once, and none that stopped", () => {
  const shutdown = createShutdownSwitch();
  const aborted: string[] = [];
  const watcher = (name: string) => ({ shutdownTripped: () => aborted.push(name) });
  const first = shutdown.watch(watcher("first"));
  const second = shutdown.watch(watcher("second"));
  shutdown.watch(watcher("third"));
  second.stop();
  second.stop(); // a second stop changes nothing
  expect(shutdown.tripped).toBe(false);
  shutdown.trip();
  expect(shutdown.tripped).toBe(true);
  expect(aborted).toEqual(["first", "third"]);
  // what tripped is off the switch: stopping it later, or tripping again, aborts nothing more
  first.stop();
  shutdown.trip();
  expect(aborted).toEqual(["first", "third"]);
});

test("an abort that stops another watch while the switch trips does not lose the rest", () => {
  const shutdown = createShutdownSwitch();
  const aborted: number[] = [];
  const watches = Array.from({ length: 5 }, (_, i) =>
    shutdown.watch({
      shutdownTripped() {
        aborted.push(i);
        watches[i + 1]?.stop();
      },
    }),
  );
  shutdown.trip();
  // each abort stopped the next one's watch, but all were taken when the switch tripped
  expect(aborted).toEqual([0, 1, 2, 3, 4]);
});
