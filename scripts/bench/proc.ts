// Reads Linux /proc for the gateway's processes: resident memory, its peak, and CPU time.

import { readFileSync, writeFileSync } from "node:fs";

/** The processes' VmRSS added up, in MiB; undefined when any of them cannot be read. */
export function rssMiB(pids: readonly number[]): number | undefined {
  return sumOf(pids, (pid) => readStatusKb(pid, "VmRSS"), 1024);
}

/** The processes' VmHWM added up, in MiB. */
export function peakRssMiB(pids: readonly number[]): number | undefined {
  return sumOf(pids, (pid) => readStatusKb(pid, "VmHWM"), 1024);
}

/**
 * Sets each process's VmHWM back to its current RSS (proc(5): "5" to clear_refs, Linux 4.0+),
 * so a later peakRssMiB is the peak since now. false when the kernel refused it.
 */
export function resetPeakRss(pids: readonly number[]): boolean {
  try {
    for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/** utime + stime of the processes, all their threads, in seconds. */
export function cpuSeconds(pids: readonly number[], ticksPerSecond: number): number | undefined {
  return sumOf(pids, cpuTicks, ticksPerSecond);
}

/** utime + stime of this process and cutime + cstime of its children once reaped, in ticks. */
export function ownAndReapedTicks(): number | undefined {
  const fields = statFields("self");
  if (fields === undefined) return undefined;
  const ticks = fields.slice(11, 15).reduce((sum, n) => sum + n, 0);
  return Number.isFinite(ticks) ? ticks : undefined;
}

/** USER_HZ, the unit of /proc's CPU times: 100 on every common Linux build. */
export async function clockTicksPerSecond(): Promise<number> {
  try {
    const proc = Bun.spawn(["getconf", "CLK_TCK"], { stdout: "pipe", stderr: "ignore" });
    const ticks = Number((await new Response(proc.stdout).text()).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

// --- internal ---

/** A field of /proc/<pid>/status in kB (VmHWM is the peak RSS so far), or undefined when gone. */
function readStatusKb(pid: number, field: "VmHWM" | "VmRSS"): number | undefined {
  const status = readOrUndefined(`/proc/${pid}/status`);
  const match = status?.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function cpuTicks(pid: number): number | undefined {
  const fields = statFields(pid);
  const ticks = (fields?.[11] ?? Number.NaN) + (fields?.[12] ?? Number.NaN);
  return Number.isFinite(ticks) ? ticks : undefined;
}

/**
 * proc(5): the fields after the parenthesised command name (which may hold spaces) start at
 * state (field 3), so utime (14), stime (15), cutime (16) and cstime (17) are the 12th to 15th.
 */
function statFields(pid: number | "self"): number[] | undefined {
  const stat = readOrUndefined(`/proc/${pid}/stat`);
  return stat
    ?.slice(stat.lastIndexOf(")") + 2)
    .split(" ")
    .map(Number);
}

function sumOf(
  pids: readonly number[],
  read: (pid: number) => number | undefined,
  divisor: number,
): number | undefined {
  let total = 0;
  for (const pid of pids) {
    const value = read(pid);
    if (value === undefined) return undefined;
    total += value;
  }
  return pids.length === 0 ? undefined : total / divisor;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
