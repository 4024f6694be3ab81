// How busy the machine was while the bench ran, and how much of that was the bench itself: the
// figure that says how far other people's work on a shared machine may have moved the results.

import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { ownAndReapedTicks } from "./proc.ts";

/** Shares of one core's time, in percent: 2 cores fully busy are 200 %. */
export type MachineLoad = {
  cores: number;
  busyPercent: number;
  benchPercent: number;
  othersPercent: number;
};

/**
 * Starts counting; `stop` gives the shares since then. Call it after every child process has
 * ended and been reaped, so that their CPU time counts as the bench's.
 */
export function watchMachineLoad(): { stop(ticksPerSecond: number): MachineLoad | undefined } {
  const before = snapshotCpu();
  const started = performance.now();
  return {
    stop(ticksPerSecond) {
      const after = snapshotCpu();
      const seconds = (performance.now() - started) / 1000;
      if (before === undefined || after === undefined || seconds <= 0) return undefined;
      const percent = (ticks: number) => (ticks / ticksPerSecond / seconds) * 100;
      const busyPercent = percent(after.busyTicks - before.busyTicks);
      const benchPercent = percent(after.ownTicks - before.ownTicks);
      const othersPercent = Math.max(0, busyPercent - benchPercent);
      return { cores: availableParallelism(), busyPercent, benchPercent, othersPercent };
    },
  };
}

/** e.g. "CPU over the run, 2 cores = 200 %: bench 92 %, other processes 20 %". */
export function describeMachine(machine: MachineLoad | undefined): string {
  if (machine === undefined) return "CPU use unknown";
  const pct = (value: number) => `${Math.round(value)} %`;
  return (
    `CPU over the run, ${machine.cores} cores = ${machine.cores * 100} %:` +
    ` bench ${pct(machine.benchPercent)}, other processes ${pct(machine.othersPercent)}`
  );
}

// --- internal ---

/** Clock ticks: the machine's busy time over all cores, and this process with its reaped children. */
type CpuSnapshot = { busyTicks: number; ownTicks: number };

function snapshotCpu(): CpuSnapshot | undefined {
  try {
    // proc(5): "cpu  user nice system idle iowait irq softirq steal ..."
    const total =
      readFileSync("/proc/stat", "utf8").split("\n")[0]?.split(/\s+/).slice(1).map(Number) ?? [];
    const idle = (total[3] ?? 0) + (total[4] ?? 0);
    const busyTicks = total.slice(0, 8).reduce((sum, n) => sum + n, 0) - idle;
    // the children's times count once they have been waited for
    const ownTicks = ownAndReapedTicks();
    return ownTicks === undefined ? undefined : { busyTicks, ownTicks };
  } catch {
    return undefined;
  }
}
